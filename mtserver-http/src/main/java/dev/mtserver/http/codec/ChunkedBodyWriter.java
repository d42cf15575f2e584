package dev.mtserver.http.codec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Frames a response body of unknown length as chunks (RFC 9112 §7.1). Each {@code write} becomes
 * one chunk; {@link #finish} writes the last chunk. Closing does not close the underlying stream.
 */
public final class ChunkedBodyWriter extends OutputStream {

  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

  private final OutputStream out;
  private boolean finished;

  public ChunkedBodyWriter(OutputStream out) {
    this.out = out;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return; // a zero-length chunk would end the body
    }
    out.write(Integer.toHexString(len).getBytes(StandardCharsets.ISO_8859_1));
    out.write(CRLF);
    out.write(b, off, len);
    out.write(CRLF);
  }

  /** Writes the last-chunk and the empty trailer section. Idempotent. */
  public void finish() throws IOException {
    if (!finished) {
      finished = true;
      out.write(LAST_CHUNK);
      out.flush();
    }
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }
}
