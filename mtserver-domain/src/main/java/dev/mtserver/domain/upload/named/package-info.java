/**
 * Files a client names itself: {@code PUT /downloads/NAME} stores a body under that name (or
 * replaces the file there, given its current entity tag), {@code DELETE /downloads/NAME} removes
 * it. The promises of a multipart upload hold (streamed, hidden until complete, sanitised names);
 * what is new is that a name is chosen by the client, so a name that exists is a conflict, never a
 * numbered copy and never a silent overwrite (RFC 9110 §13.1.1 lost-update protection).
 *
 * <p>{@link dev.mtserver.domain.upload.named.NamedFilesUseCase} (implemented by {@link
 * dev.mtserver.domain.upload.named.NamedFileService}) decides; a store that can publish under an
 * exact name, replace by entity tag and delete implements {@link
 * dev.mtserver.domain.upload.named.NamedFileStorePort}. No file system and no HTTP here. A package
 * of its own because it speaks of entity tags ({@code domain.content}), which the upload package
 * itself must not (the content package already depends on it). Entry type: {@link
 * dev.mtserver.domain.upload.named.NamedFilesUseCase}.
 */
package dev.mtserver.domain.upload.named;
