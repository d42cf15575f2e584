package dev.mtserver.domain.resumable;

import java.io.IOException;
import java.util.OptionalLong;

/**
 * Inbound port: uploads that survive a dropped connection or a server restart, as the tus 1.0.0
 * protocol describes them (core, {@code creation}, {@code creation-defer-length}, {@code
 * creation-with-upload}, {@code termination}, {@code expiration}, {@code checksum}). A client
 * creates an upload, appends chunks at the offset the server reports, and may resume after any
 * failure from the offset the server reports then; when the last byte is in, the file is published
 * in the uploads area under a sanitised name, atomically and without overwriting.
 *
 * <p>The promises, whatever the store: an offset is reported only once the bytes up to it are
 * durable; a refused chunk leaves nothing behind; one request at a time changes an upload; the
 * published file appears whole or not at all. Methods throw {@link IOException} for a failure of
 * the store ({@link dev.mtserver.domain.upload.StorageFullException} when it is full), after which
 * the upload is as it was before the call.
 *
 * <p>A {@code POST} that carries a body ({@code creation-with-upload}) is {@link #create} followed
 * by {@link #append} at offset 0.
 */
public interface ResumableUploadUseCase {

  /** The bounds in force: {@code Tus-Max-Size} is {@link ResumableUploadLimits#maxUploadSize}. */
  ResumableUploadLimits limits();

  /**
   * Creates an upload of {@code length} bytes, or of a length to be declared later when empty
   * ({@code Upload-Defer-Length: 1}). An upload of length 0 is published at once.
   */
  CreateOutcome create(OptionalLong length, UploadMetadata metadata) throws IOException;

  /**
   * Where an upload stands. An upload whose last byte is in but that is not yet published (after a
   * crash) is published first.
   */
  StatusOutcome status(UploadId id) throws IOException;

  /**
   * Appends one chunk at {@link AppendRequest#offset} and makes it durable before answering. When
   * the chunk completes the upload, the file is published before this returns.
   *
   * <p>If reading {@link AppendRequest#content} fails (the client went away), the bytes that
   * arrived are kept and made durable, so the client can resume after them, unless a checksum was
   * sent (then none are, since the chunk cannot be verified); then the read's exception is thrown.
   * A body that ends before its declared length counts as such a failure ({@link
   * java.io.EOFException}).
   */
  AppendOutcome append(AppendRequest request) throws IOException;

  /** Removes an upload and its bytes. */
  TerminateOutcome terminate(UploadId id) throws IOException;

  /**
   * Removes expired uploads and publishes those whose last byte is in; the server runs it at start
   * and then periodically ({@link ExpirySweeper}).
   */
  SweepReport sweep() throws IOException;
}
