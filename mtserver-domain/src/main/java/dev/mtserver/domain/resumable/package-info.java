/**
 * Resumable uploads: files that arrive in chunks over as many requests, connections and server
 * restarts as it takes, as the tus 1.0.0 protocol describes (the HTTP side lives in {@code
 * mtserver-http}; this package knows no headers but the formats of their values).
 *
 * <p>{@link dev.mtserver.domain.resumable.ResumableUploadUseCase} (implemented by {@link
 * dev.mtserver.domain.resumable.ResumableUploadService}) creates an upload under an unguessable
 * {@link dev.mtserver.domain.resumable.UploadId}, appends chunks at the offset the client names,
 * verifies an {@link dev.mtserver.domain.resumable.UploadChecksum} before anything is kept,
 * enforces the {@link dev.mtserver.domain.resumable.ResumableUploadLimits}, and, when the last byte
 * is in, publishes the file into the uploads area under the name {@link
 * dev.mtserver.domain.resumable.StoredNames} derives from the {@link
 * dev.mtserver.domain.resumable.UploadMetadata}, with the rules of multipart uploads ({@code
 * FileNameSanitizer}, {@code NameCandidates}). Every answer is a sealed outcome that names its HTTP
 * status ({@link dev.mtserver.domain.resumable.CreateOutcome}, {@link
 * dev.mtserver.domain.resumable.StatusOutcome}, {@link
 * dev.mtserver.domain.resumable.AppendOutcome}, {@link
 * dev.mtserver.domain.resumable.TerminateOutcome}).
 *
 * <p>{@link dev.mtserver.domain.resumable.ResumableUploadStorePort} is where uploads are kept; its
 * Javadoc states what any store must guarantee (hidden bytes, durable offsets, one holder at a time
 * across processes, atomic publication without overwriting, recovery after a crash). {@link
 * dev.mtserver.domain.resumable.ExpirySweeper} removes expired uploads on a scheduler the caller
 * owns. No file system, no HTTP, no threads here (docs/adr/0034-resumable-uploads.md).
 */
package dev.mtserver.domain.resumable;
