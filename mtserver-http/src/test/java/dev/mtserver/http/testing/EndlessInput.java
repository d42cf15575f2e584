package dev.mtserver.http.testing;

import java.io.InputStream;

/**
 * A stream that sends {@code prefix} once and then {@code unit} again and again, without end and
 * without allocating: the shape of an attack that never stops sending (an endless header, chunk
 * line, trailer or part header). It counts what was read, so a test can bound how far a decoder
 * went before it gave up.
 */
public final class EndlessInput extends InputStream {

  private final byte[] prefix;
  private final byte[] unit;
  private final long limit;
  private long served;

  /**
   * @param limit after this many bytes the stream ends after all, so that a decoder that wrongly
   *     keeps reading fails its test instead of hanging it
   */
  public EndlessInput(byte[] prefix, byte[] unit, long limit) {
    if (unit.length == 0) {
      throw new IllegalArgumentException("empty unit");
    }
    this.prefix = prefix.clone();
    this.unit = unit.clone();
    this.limit = limit;
  }

  /** Bytes handed out so far. */
  public long served() {
    return served;
  }

  /** True if the stream ran into its safety limit. */
  public boolean exhausted() {
    return served >= limit;
  }

  @Override
  public int read() {
    if (served >= limit) {
      return -1;
    }
    return byteAt(served++) & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (len == 0) {
      return 0;
    }
    if (served >= limit) {
      return -1;
    }
    int n = (int) Math.min(len, limit - served);
    for (int i = 0; i < n; i++) {
      b[off + i] = byteAt(served + i);
    }
    served += n;
    return n;
  }

  private byte byteAt(long position) {
    if (position < prefix.length) {
      return prefix[(int) position];
    }
    return unit[(int) ((position - prefix.length) % unit.length)];
  }
}
