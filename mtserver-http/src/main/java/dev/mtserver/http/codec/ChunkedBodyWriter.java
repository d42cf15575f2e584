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
  private static final byte[] LAST_CHUNK = lastChunk();

  private final OutputStream out;
  private final byte[] sizeLine = new byte[18];
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
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return; // a zero-length chunk would end the body
    }
    out.write(sizeLine, 0, sizeLine(len, sizeLine));
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

  /** The bytes that end a chunked body: the last chunk and an empty trailer section. */
  public static byte[] lastChunk() {
    return "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
  }

  /**
   * Writes {@code length} in hex and CRLF into {@code line} (at least 18 bytes long).
   *
   * @return the number of bytes written
   */
  public static int sizeLine(long length, byte[] line) {
    if (length <= 0) {
      throw new IllegalArgumentException("a chunk carries at least one byte");
    }
    int digits = (67 - Long.numberOfLeadingZeros(length)) / 4;
    for (int i = digits - 1; i >= 0; i--) {
      line[i] = (byte) Character.forDigit((int) (length & 0xf), 16);
      length >>>= 4;
    }
    line[digits] = '\r';
    line[digits + 1] = '\n';
    return digits + 2;
  }
}
