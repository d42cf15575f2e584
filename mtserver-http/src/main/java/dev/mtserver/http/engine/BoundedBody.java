package dev.mtserver.http.engine;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body that may not exceed {@code limit} bytes, checked as it streams (a chunked body has
 * no length to check up front). It also remembers whether reading the client failed, so a handler
 * can tell a client that went away (rethrow: the connection is dead) from a store that failed
 * (answer 500 or 507).
 */
public final class BoundedBody extends FilterInputStream {

  private final long limit;
  private long count;
  private boolean clientFailed;

  public BoundedBody(InputStream body, long limit) {
    super(body);
    this.limit = limit;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    // Ask for at most one byte past the limit: enough to know it was crossed.
    long room = limit - count;
    int wanted = room >= len ? len : (int) room + 1;
    int n;
    try {
      n = in.read(b, off, wanted);
    } catch (IOException e) {
      clientFailed = true;
      throw e;
    }
    if (n > 0) {
      count += n;
      if (count > limit) {
        throw new BodyTooLargeException(limit);
      }
    }
    return n;
  }

  /** Skipped bytes are read, so they count against the limit too. */
  @Override
  public long skip(long n) throws IOException {
    byte[] scratch = new byte[(int) Math.min(Math.max(n, 0), 8192)];
    long skipped = 0;
    int r;
    while (skipped < n && (r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped))) > 0) {
      skipped += r;
    }
    return skipped;
  }

  /** True when reading the client's bytes threw: the connection cannot be answered any more. */
  public boolean clientFailed() {
    return clientFailed;
  }
}
