package dev.mtserver.dynamic.fastcgi;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.BooleanSupplier;

/**
 * A request body made up as it is read (never held whole in memory), the same bytes for the same
 * length, that can pause part-way until something has happened — as a client that sends half its
 * body, then waits.
 */
final class GeneratedBody extends InputStream {

  private final long length;
  private final long pauseAt;
  private final BooleanSupplier resumeWhen;
  private long position;
  private volatile boolean resumedInTime = true;

  private GeneratedBody(long length, long pauseAt, BooleanSupplier resumeWhen) {
    this.length = length;
    this.pauseAt = pauseAt;
    this.resumeWhen = resumeWhen;
  }

  static GeneratedBody of(long length) {
    return new GeneratedBody(length, -1, () -> true);
  }

  /** Sends {@code pauseAt} bytes, then waits (10 s at most) until {@code resumeWhen} holds. */
  static GeneratedBody pausing(long length, long pauseAt, BooleanSupplier resumeWhen) {
    return new GeneratedBody(length, pauseAt, resumeWhen);
  }

  /** The byte at {@code index}: a pattern with no short period. */
  static byte at(long index) {
    return (byte) ((index * 31 + (index >>> 11)) ^ (index >>> 19));
  }

  /** The MD5 of the first {@code length} bytes, in hex, as PHP's {@code md5()} writes it. */
  static String md5(long length) {
    try {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      byte[] buffer = new byte[64 * 1024];
      for (long done = 0; done < length; ) {
        int n = (int) Math.min(buffer.length, length - done);
        for (int i = 0; i < n; i++) {
          buffer[i] = at(done + i);
        }
        md5.update(buffer, 0, n);
        done += n;
      }
      return HexFormat.of().formatHex(md5.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** False when the pause had to end because its condition did not come true within 10 s. */
  boolean resumedInTime() {
    return resumedInTime;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] bytes, int offset, int count) throws IOException {
    if (position >= length) {
      return -1;
    }
    if (position == pauseAt) {
      waitForResume();
    }
    long end = Math.min(length, position + count);
    if (position < pauseAt && end > pauseAt) {
      end = pauseAt;
    }
    int n = (int) (end - position);
    for (int i = 0; i < n; i++) {
      bytes[offset + i] = at(position + i);
    }
    position = end;
    return n;
  }

  private void waitForResume() throws IOException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!resumeWhen.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        resumedInTime = false;
        return;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
  }
}
