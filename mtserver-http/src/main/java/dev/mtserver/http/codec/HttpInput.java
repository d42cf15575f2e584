package dev.mtserver.http.codec;

import dev.mtserver.grammar.FieldLine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A connection's input with one fixed read buffer, shared by the head parser and the body decoders
 * so that bytes read ahead (the start of a body, or a pipelined request) are never lost.
 *
 * <p>Lines end with CRLF only. A bare LF, or a CR not followed by LF, is a protocol error (400)
 * everywhere this class reads a line: request line, header fields, chunk-size lines and trailers.
 * Being strict here is what keeps two parsers on one path (a proxy and this server) from
 * disagreeing about where a message ends. See {@code docs/adr/0003-strict-crlf.md}.
 *
 * <p>The buffer may start small and grow once: a connection that only ever sends small request
 * heads (and most idle keep-alive connections are such) keeps the small one, while the first read
 * that fills it — a large head, a body, pipelined requests — makes the next read use the full size.
 * It never shrinks back; a connection that needed it once is likely to again.
 */
public final class HttpInput {

  private final InputStream in;
  private final int maxBufferSize;
  private byte[] buffer;
  private int position;
  private int limit;

  /** An input with a fixed buffer of {@code bufferSize} bytes. */
  public HttpInput(InputStream in, int bufferSize) {
    this(in, bufferSize, bufferSize);
  }

  /**
   * An input whose buffer starts at {@code initialBufferSize} bytes and grows to {@code
   * maxBufferSize} the first time a read fills it.
   */
  public HttpInput(InputStream in, int initialBufferSize, int maxBufferSize) {
    if (initialBufferSize <= 0 || maxBufferSize < initialBufferSize) {
      throw new IllegalArgumentException(
          "buffer sizes " + initialBufferSize + " to " + maxBufferSize);
    }
    this.in = in;
    this.maxBufferSize = maxBufferSize;
    this.buffer = new byte[initialBufferSize];
  }

  /**
   * Reads one line and returns it without its CRLF, decoded as ISO-8859-1 (one char per byte).
   *
   * @param maxBytes the longest line accepted, CRLF excluded
   * @param tooLongStatus the status for a longer line (414 for a request line, 431 for headers)
   * @return the line, or {@code null} if the stream ended before its first byte
   * @throws HttpProtocolException for a bare CR or LF, a line that is too long, or a stream that
   *     ends inside the line
   */
  public String readLine(int maxBytes, int tooLongStatus)
      throws IOException, HttpProtocolException {
    StringBuilder line = null;
    int length = 0;
    while (true) {
      if (position == limit && !fill()) {
        if (length == 0 && line == null) {
          return null;
        }
        throw new HttpProtocolException(400, "Incomplete request");
      }
      int start = position;
      while (position < limit) {
        byte b = buffer[position];
        if (b == '\n') {
          throw new HttpProtocolException(400, "Bare LF in request");
        }
        if (b == '\r') {
          String tail = latin1(start, position);
          position++;
          expectLf();
          return line == null ? tail : line.append(tail).toString();
        }
        position++;
        if (++length > maxBytes) {
          throw new HttpProtocolException(
              tooLongStatus, tooLongStatus == 414 ? "Request line too long" : "Header too large");
        }
      }
      if (line == null) {
        line = new StringBuilder(Math.max(64, length * 2));
      }
      line.append(latin1(start, position));
    }
  }

  /**
   * Appends the next line, without its CRLF, to {@code head}: the head parser's fast path. Any
   * control character other than HTAB (NUL, a bare CR or LF, DEL...) is refused here, so the parser
   * only ever sees printable bytes, SP, HTAB and obs-text.
   *
   * @return the line's length, or -1 if the stream ended before its first byte
   * @throws HttpProtocolException for a bad byte, an incomplete line, or a line longer than {@code
   *     maxBytes} (then {@code head} holds its first {@code maxBytes} bytes)
   */
  int readLineInto(HeadBytes head, int maxBytes, int tooLongStatus, String tooLongReason)
      throws IOException, HttpProtocolException {
    int length = 0;
    boolean started = false;
    while (true) {
      if (position == limit && !fill()) {
        if (!started) {
          return -1;
        }
        throw new HttpProtocolException(400, "Incomplete request");
      }
      started = true;
      int start = position;
      // Scan at most one byte past the limit, so an endless line is caught without reading it.
      int scanEnd = (int) Math.min(limit, (long) position + (maxBytes - length) + 1);
      int i = FieldLine.skipLineText(buffer, start, scanEnd);
      int n = i - start;
      if (length + n > maxBytes) {
        // keep what fits: the parser tells a too-long method from a too-long target by it
        head.append(buffer, start, maxBytes - length);
        position = start + (maxBytes - length);
        throw new HttpProtocolException(tooLongStatus, tooLongReason);
      }
      head.append(buffer, start, n);
      length += n;
      position = i;
      if (i == limit) {
        continue;
      }
      byte b = buffer[i];
      position++;
      if (b == '\r') {
        expectLf();
        return length;
      }
      if (b == '\n') {
        throw new HttpProtocolException(400, "Bare LF in request");
      }
      throw new HttpProtocolException(400, "Control character in request");
    }
  }

  private void expectLf() throws IOException, HttpProtocolException {
    if (position == limit && !fill()) {
      throw new HttpProtocolException(400, "Incomplete request");
    }
    if (buffer[position] != '\n') {
      throw new HttpProtocolException(400, "Bare CR in request");
    }
    position++;
  }

  private String latin1(int from, int to) {
    return new String(buffer, from, to - from, StandardCharsets.ISO_8859_1);
  }

  /** Reads up to {@code length} bytes, first from the buffer, then from the stream. */
  public int read(byte[] destination, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    if (position < limit) {
      int n = Math.min(length, limit - position);
      System.arraycopy(buffer, position, destination, offset, n);
      position += n;
      return n;
    }
    if (length >= buffer.length) {
      return in.read(destination, offset, length); // large reads skip the copy
    }
    if (!fill()) {
      return -1;
    }
    return read(destination, offset, length);
  }

  /** Reads one byte, or -1 at end of stream. */
  public int read() throws IOException {
    if (position == limit && !fill()) {
      return -1;
    }
    return buffer[position++] & 0xff;
  }

  /**
   * Waits until at least one byte is buffered, without consuming it.
   *
   * @return false if the stream ended first
   */
  public boolean awaitByte() throws IOException {
    return position < limit || fill();
  }

  /**
   * Discards up to {@code count} bytes, buffered ones first.
   *
   * @return how many were discarded; 0 only at end of stream (or when {@code count} is 0)
   */
  public long skip(long count) throws IOException {
    if (count <= 0) {
      return 0;
    }
    if (position == limit && !fill()) {
      return 0;
    }
    int n = (int) Math.min(count, limit - position);
    position += n;
    return n;
  }

  /** True when bytes are already buffered (a pipelined request, say) and a read will not block. */
  public boolean hasBuffered() {
    return position < limit;
  }

  private boolean fill() throws IOException {
    // Called only once every buffered byte is consumed, so a bigger buffer loses nothing.
    if (limit == buffer.length && buffer.length < maxBufferSize) {
      buffer = new byte[maxBufferSize]; // the last read filled it: more is coming than fits
    }
    int n = in.read(buffer, 0, buffer.length);
    if (n <= 0) {
      return false;
    }
    position = 0;
    limit = n;
    return true;
  }
}
