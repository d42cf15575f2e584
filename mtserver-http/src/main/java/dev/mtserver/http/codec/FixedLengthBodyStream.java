package dev.mtserver.http.codec;

import java.io.IOException;
import java.io.InputStream;

/**
 * A body of exactly {@code length} bytes (RFC 9112 §6.2). Reading past it returns -1; a stream that
 * ends early throws {@link IncompleteBodyException}, so a truncated upload is never mistaken for a
 * complete one.
 */
public final class FixedLengthBodyStream extends InputStream {

  private final HttpInput input;
  private long remaining;

  public FixedLengthBodyStream(HttpInput input, long length) {
    this.input = input;
    this.remaining = length;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (remaining == 0) {
      return -1;
    }
    if (len == 0) {
      return 0;
    }
    int n = input.read(b, off, (int) Math.min(len, remaining));
    if (n < 0) {
      throw new IncompleteBodyException("body ended " + remaining + " bytes early");
    }
    remaining -= n;
    return n;
  }

  /** Bytes of the body not yet read. */
  public long remaining() {
    return remaining;
  }
}
