package dev.mtserver.http.codec;

import java.io.IOException;

/**
 * A body of exactly {@code length} bytes (RFC 9112 §6.2). Reading past it returns -1; a stream that
 * ends early throws {@link IncompleteBodyException}, so a truncated upload is never mistaken for a
 * complete one.
 */
public final class FixedLengthBodyStream extends BodyDecoder {

  private final HttpInput input;
  private long remaining;

  public FixedLengthBodyStream(HttpInput input, long length) {
    this.input = input;
    this.remaining = length;
  }

  @Override
  public int read() throws IOException {
    if (remaining == 0) {
      return -1;
    }
    int b = input.read();
    if (b < 0) {
      throw incomplete();
    }
    remaining--;
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    if (remaining == 0) {
      return -1;
    }
    if (len == 0) {
      return 0;
    }
    int n = input.read(b, off, (int) Math.min(len, remaining));
    if (n < 0) {
      throw incomplete();
    }
    remaining -= n;
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = input.skip(Math.min(n, remaining));
    remaining -= skipped;
    return skipped;
  }

  @Override
  public boolean discard(long maxBytes) throws IOException {
    if (remaining > maxBytes) {
      return false;
    }
    while (remaining > 0) {
      if (skip(remaining) == 0) {
        throw incomplete();
      }
    }
    return true;
  }

  @Override
  public int available() {
    return 0;
  }

  /** Bytes of the body not yet read. */
  public long remaining() {
    return remaining;
  }

  private IncompleteBodyException incomplete() {
    return new IncompleteBodyException("body ended " + remaining + " bytes early");
  }
}
