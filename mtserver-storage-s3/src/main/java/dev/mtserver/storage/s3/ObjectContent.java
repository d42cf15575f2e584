package dev.mtserver.storage.s3;

import dev.mtserver.domain.content.OpenContent;
import dev.mtserver.domain.store.GoneException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The bytes of one object, read as the HTTP layer asks for them: the first {@link #transferTo} at
 * position {@code p} sends one ranged {@code GetObject} ({@code Range: bytes=p-}, {@code If-Match}
 * on the entity tag that was looked up), and later calls that continue where the last one stopped
 * read on from the same response, through one {@value #BUFFER_BYTES}-byte buffer. A call elsewhere
 * (the next part of a {@code multipart/byteranges} answer) starts a new ranged request. So an
 * object is never held in memory, however large, and a range costs what it holds.
 *
 * <p>If the object changed or vanished since it was looked up, the store answers {@code 412} or
 * {@code 404} and the read fails with the domain's {@link GoneException}, rather than sending other
 * bytes under the old entity tag and length; {@code changed} runs first, so the site's metadata
 * cache forgets the old version and the next look-up (the HTTP engine asks again when nothing was
 * sent yet) finds the new one. A store that goes silent mid-body fails the read after the read
 * timeout. Closing a response that was not read to its end aborts it (its connection is dropped
 * instead of being drained, which for a large object would mean reading it all).
 *
 * <p>One thread uses an instance, as the port says.
 */
final class ObjectContent implements OpenContent {

  static final int BUFFER_BYTES = 32 * 1024;

  private final S3Client client;
  private final String bucket;
  private final String key;
  private final ObjectMeta meta;
  private final S3Failures failures;
  private final Runnable changed;

  private ResponseInputStream<GetObjectResponse> stream;

  /** The object offset of the next byte {@link #stream} yields. */
  private long streamPosition;

  private byte[] buffer;

  /**
   * Buffered, unsent bytes: {@code buffer[bufferStart, bufferEnd)}, which hold the object from
   * {@link #bufferPosition}.
   */
  private int bufferStart;

  private int bufferEnd;
  private long bufferPosition;

  ObjectContent(
      S3Client client,
      String bucket,
      String key,
      ObjectMeta meta,
      S3Failures failures,
      Runnable changed) {
    this.client = client;
    this.bucket = bucket;
    this.key = key;
    this.meta = meta;
    this.failures = failures;
    this.changed = changed;
  }

  @Override
  public long size() {
    return meta.size();
  }

  @Override
  public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
    if (count <= 0 || position < 0 || position >= meta.size()) {
      return 0;
    }
    if (!buffered(position)) {
      if (stream == null || position != streamPosition) {
        openAt(position);
      }
      if (!fill()) {
        return 0; // the object ended early: the caller reports a short body
      }
    }
    int skip = (int) (position - bufferPosition);
    bufferStart += skip;
    bufferPosition += skip;
    int length = (int) Math.min(count, bufferEnd - bufferStart);
    int written =
        target.write(
            ByteBuffer.wrap(buffer, bufferStart, length)); // 0 on a full non-blocking socket
    bufferStart += written;
    bufferPosition += written;
    return written;
  }

  /** True when {@code position} lies in the buffered, unsent bytes. */
  private boolean buffered(long position) {
    return bufferStart < bufferEnd
        && position >= bufferPosition
        && position < bufferPosition + (bufferEnd - bufferStart);
  }

  /** Reads the next bytes of the stream into the buffer; false at the end of the stream. */
  private boolean fill() throws IOException {
    if (buffer == null) {
      buffer = new byte[BUFFER_BYTES];
    }
    int n;
    try {
      n = stream.read(buffer, 0, buffer.length);
    } catch (IOException e) {
      abortStream();
      throw failures.translateRead("GET " + key, e);
    } catch (SdkException e) {
      abortStream();
      throw failures.translate("GET " + key, e);
    }
    if (n < 0) {
      return false;
    }
    bufferStart = 0;
    bufferEnd = n;
    bufferPosition = streamPosition;
    streamPosition += n;
    return true;
  }

  private void openAt(long position) throws IOException {
    abortStream();
    bufferStart = 0;
    bufferEnd = 0;
    GetObjectRequest.Builder request =
        GetObjectRequest.builder()
            .bucket(bucket)
            .key(key)
            .range("bytes=" + position + "-" + (meta.size() - 1));
    meta.entityTag().ifPresent(tag -> request.ifMatch(tag.value()));
    try {
      stream = client.getObject(request.build());
    } catch (SdkException e) {
      if (S3Failures.isStatus(e, 412)
          || S3Failures.isStatus(e, 404)
          || S3Failures.isStatus(e, 416)) {
        changed.run();
        throw new GoneException(
            failures.store() + ": " + key + " changed or vanished since it was looked up", e);
      }
      throw failures.translate("GET " + key, e);
    }
    streamPosition = position;
  }

  private void abortStream() {
    if (stream != null) {
      stream.abort();
      stream = null;
    }
  }

  @Override
  public void close() throws IOException {
    if (stream == null) {
      return;
    }
    if (streamPosition >= meta.size()) {
      stream.close(); // read to its end: the connection goes back to the pool
      stream = null;
    } else {
      abortStream();
    }
  }
}
