/**
 * The tus 1.0.0 resumable-upload endpoint ({@code /files/}): {@link
 * dev.mtserver.http.site.resumable.ResumableUploadHandler} maps the protocol's requests to the
 * domain's {@code ResumableUploadUseCase} and its outcomes to statuses; {@code TusHeaders} reads
 * the protocol's header fields strictly. The rules of the protocol (offsets, lengths, checksums,
 * limits, expiry) are the domain's (docs/adr/0034); what this package decides is in docs/adr/0043.
 */
package dev.mtserver.http.site.resumable;
