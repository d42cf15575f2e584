/**
 * Static content: {@link dev.mtserver.http.site.content.StaticContentHandler} answers GET and HEAD
 * through the domain's {@link dev.mtserver.domain.content.ServeContentUseCase} — a file (200, 206,
 * 304, 412, 416), a redirect to the slashed directory, a listing ({@code DirectoryListingPage},
 * rendered once per listing the domain hands out, {@code ListingPages}), or 404 — using the pure
 * functions of {@code dev.mtserver.http.conditional} and {@code dev.mtserver.http.negotiation}.
 *
 * <p>Bodies are described, never copied: a small cached file as bytes that leave with the head, a
 * larger one as a region of the open content the transport sends (zero-copy where the store is a
 * file system), several ranges as one {@code MultipartByteranges} region. What the domain marks as
 * an upload gets {@code UploadedContent}'s fields, whatever its path.
 *
 * <p>Beyond files (ADR 0044, turned on by {@link dev.mtserver.http.site.content.ContentFeatures}):
 * listings sorted by the query and as JSON ({@code ListingView}, {@code ListingJson}), gzip on the
 * fly ({@code OnTheFlyGzip}), a folder as one streamed zip ({@code FolderArchiveBody}, from the
 * domain's {@link dev.mtserver.domain.content.ArchiveFolderUseCase}), the site's own error pages
 * and a single-page app's page.
 */
package dev.mtserver.http.site.content;
