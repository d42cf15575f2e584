package dev.mtserver.domain.resumable;

import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Where {@code InputStream.transferTo} writes a chunk: into the store's {@link ChunkSink}, through
 * the checksum's digest, within the chunk's allowance. Being an {@link OutputStream} lets the
 * request body hand over its own buffer, without a copy.
 *
 * <p>It remembers why writing stopped, since {@code transferTo} throws the same {@link IOException}
 * type for a client that went away (a failed read) and for a store that failed (a failed write):
 * {@link #storeFailure()} is set only for the second, {@link #overflowed()} when the chunk went
 * past its allowance.
 */
final class ChunkOutput extends OutputStream {

  /** Thrown (and recognised) when a chunk of unknown length goes past what the upload may take. */
  static final class OverflowException extends IOException {
    private static final long serialVersionUID = 1L;

    OverflowException() {
      super("the chunk is larger than the upload may take");
    }
  }

  private final ChunkSink sink;
  private final MessageDigest digest; // null without a checksum
  private final long allowance;
  private final long checkpointBytes;
  private final Supplier<Instant> expiry;
  private long total;
  private long sinceKept;
  private IOException storeFailure;
  private boolean overflowed;

  /**
   * @param digest updated with every byte, or null
   * @param allowance the most bytes the chunk may have
   * @param checkpointBytes after this many bytes the sink keeps what it has ({@code Long.MAX_VALUE}
   *     for never)
   * @param expiry the expiry recorded by each checkpoint
   */
  ChunkOutput(
      ChunkSink sink,
      MessageDigest digest,
      long allowance,
      long checkpointBytes,
      Supplier<Instant> expiry) {
    this.sink = Objects.requireNonNull(sink);
    this.digest = digest;
    this.allowance = allowance;
    this.checkpointBytes = checkpointBytes;
    this.expiry = expiry;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    if (length > allowance - total) {
      overflowed = true;
      throw new OverflowException();
    }
    try {
      sink.write(bytes, offset, length);
    } catch (IOException e) {
      storeFailure = e;
      throw e;
    }
    if (digest != null) {
      digest.update(bytes, offset, length);
    }
    total += length;
    sinceKept += length;
    if (sinceKept >= checkpointBytes) {
      try {
        sink.keep(expiry.get());
      } catch (IOException e) {
        storeFailure = e;
        throw e;
      }
      sinceKept = 0;
    }
  }

  /** Bytes of the chunk written so far. */
  long total() {
    return total;
  }

  /** The store's failure that stopped the chunk, or null. */
  IOException storeFailure() {
    return storeFailure;
  }

  /** True when the chunk went past its allowance. */
  boolean overflowed() {
    return overflowed;
  }
}
