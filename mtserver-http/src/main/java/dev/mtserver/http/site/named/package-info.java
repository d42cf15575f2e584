/**
 * {@code PUT} and {@code DELETE} of a file in the uploads area, for scripts ({@code curl -T file
 * http://host/downloads/}): each handler maps the domain's {@link
 * dev.mtserver.domain.upload.named.NamedFilesUseCase} to statuses, and {@link
 * dev.mtserver.http.site.named.NamedFileMethods} says which methods a path allows ({@code Allow},
 * {@code OPTIONS}, 405). Entry types: {@link dev.mtserver.http.site.named.PutFileHandler}, {@link
 * dev.mtserver.http.site.named.DeleteFileHandler}.
 */
package dev.mtserver.http.site.named;
