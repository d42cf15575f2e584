package dev.mtserver.http.codec;

import dev.mtserver.grammar.FieldLine;
import dev.mtserver.grammar.Tokens;
import java.io.IOException;
import java.util.Objects;

/**
 * Decodes a chunked request body (RFC 9112 §7.1) as a stream: it holds one chunk's remaining
 * length, never a chunk.
 *
 * <ul>
 *   <li>chunk-size is 1*HEXDIG with an overflow guard; {@code 0x5}, {@code +5}, {@code 1_0}, an
 *       empty size or whitespace before CRLF is 400;
 *   <li>chunk extensions are checked against their grammar (token names, token or quoted-string
 *       values), counted against {@link HttpLimits#maxChunkLineBytes()} per line, and ignored;
 *   <li>chunk data must be followed by CRLF, so a chunk longer than its size is 400;
 *   <li>trailer fields are parsed like header fields, bounded by {@link
 *       HttpLimits#maxTrailerBytes()} (431), and dropped;
 *   <li>framing bytes beyond a small allowance per chunk are counted, and a body that is mostly
 *       framing (thousands of one-byte chunks with long extensions) is refused with 400 once the
 *       excess passes {@link HttpLimits#maxChunkMetadataBytes()};
 *   <li>a stream that ends before the last chunk and its trailers throws {@link
 *       IncompleteBodyException}.
 * </ul>
 *
 * <p>After the first error every read throws the same exception: nothing more is read.
 */
public final class ChunkedBodyStream extends BodyDecoder {

  /** Framing bytes a chunk may use for free: "ffffffff\r\n" plus CRLF and a little room. */
  private static final int FREE_FRAMING_PER_CHUNK = 32;

  private enum State {
    SIZE,
    DATA,
    DATA_END,
    TRAILERS,
    DONE,
    FAILED
  }

  private final HttpInput input;
  private final HttpLimits limits;
  private State state = State.SIZE;
  private long chunkRemaining;
  private long excessFraming;
  private int lineBytes;
  private IOException failure;
  private final byte[] one = new byte[1];

  public ChunkedBodyStream(HttpInput input, HttpLimits limits) {
    this.input = Objects.requireNonNull(input, "input");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  @Override
  public int read() throws IOException {
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0 && state != State.FAILED) {
      return 0;
    }
    try {
      while (true) {
        switch (state) {
          case FAILED -> throw failure;
          case DONE -> {
            return -1;
          }
          case SIZE -> readChunkLine();
          case DATA -> {
            int n = input.read(b, off, (int) Math.min(len, chunkRemaining));
            if (n < 0) {
              throw new IncompleteBodyException("chunked body ended inside a chunk");
            }
            chunkRemaining -= n;
            if (chunkRemaining == 0) {
              state = State.DATA_END;
            }
            return n;
          }
          case DATA_END -> {
            expect('\r');
            expect('\n');
            state = State.SIZE;
          }
          case TRAILERS -> {
            readTrailers();
            state = State.DONE;
          }
        }
      }
    } catch (IOException e) {
      if (state != State.FAILED) {
        state = State.FAILED;
        failure = e;
      }
      throw e;
    }
  }

  @Override
  public long skip(long n) throws IOException {
    if (n <= 0 || state == State.DONE) {
      return 0;
    }
    if (state != State.DATA) {
      // Step over framing until there is data to skip (or the body ends).
      int b = read();
      return b < 0 ? 0 : 1;
    }
    long skipped = input.skip(Math.min(n, chunkRemaining));
    if (skipped == 0) {
      return read() < 0 ? 0 : 1; // end of stream: read() reports it as incomplete
    }
    chunkRemaining -= skipped;
    if (chunkRemaining == 0) {
      state = State.DATA_END;
    }
    return skipped;
  }

  @Override
  public boolean discard(long maxBytes) throws IOException {
    long discarded = 0;
    while (state != State.DONE) {
      if (discarded > maxBytes) {
        return false;
      }
      long skipped = skip(maxBytes + 1 - discarded);
      if (skipped == 0 && state != State.DONE) {
        throw new IllegalStateException("chunked body made no progress");
      }
      discarded += skipped;
    }
    return discarded <= maxBytes;
  }

  /** True once the last chunk and the trailers have been read. */
  public boolean isComplete() {
    return state == State.DONE;
  }

  /** Reads {@code chunk-size [ chunk-ext ] CRLF} and moves to DATA or TRAILERS. */
  private void readChunkLine() throws IOException {
    lineBytes = 0;
    long size = 0;
    int digits = 0;
    int c = nextLineByte();
    int hex;
    while ((hex = Tokens.hexValue(c)) >= 0) {
      if (size > (Long.MAX_VALUE >>> 4)) {
        throw malformed("Chunk size too large");
      }
      size = (size << 4) | hex;
      digits++;
      c = nextLineByte();
    }
    if (digits == 0) {
      throw malformed("Bad chunk size");
    }
    skipExtensions(c);
    excessFraming += lineBytes + 4 - FREE_FRAMING_PER_CHUNK - Math.min(size, Integer.MAX_VALUE);
    if (excessFraming < 0) {
      excessFraming = 0;
    } else if (excessFraming > limits.maxChunkMetadataBytes()) {
      throw malformed("Too much chunk metadata");
    }
    chunkRemaining = size;
    state = size == 0 ? State.TRAILERS : State.DATA;
  }

  /**
   * Where a chunk line stands after its size, in the grammar of its extensions (RFC 9112 §7.1.1):
   * {@code chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )}, then CRLF,
   * where a value is a token or a quoted-string. Extensions are checked and then ignored.
   */
  private enum Extension {
    /** After the size or a complete extension: whitespace, ";" or the line's CR. */
    AFTER,
    /** After the size or an extension, and whitespace: only ";" may follow. */
    AFTER_SPACE,
    /** After ";": a name, after optional whitespace. */
    NAME_START,
    /** In a name. */
    NAME,
    /** After a name and whitespace: ";" or "=" may follow. */
    AFTER_NAME,
    /** After "=": a token or a quoted-string, after optional whitespace. */
    VALUE_START,
    /** In a token value. */
    TOKEN,
    /** In a quoted-string value. */
    QUOTED,
    /** After a backslash in a quoted-string: any byte but a control is taken as itself. */
    QUOTED_PAIR,
    /** The CR that ends the line was read; its LF comes next. */
    LINE_END
  }

  /**
   * Checks a chunk line's extensions up to and including its CRLF, one {@link Extension} state per
   * byte; {@code c} is the first byte after the size. The transitions are written out here, in the
   * loop, rather than in a method of the enum: a call per byte cost a third of the decoding speed
   * of a body whose chunks carry extensions ({@code ChunkedDecodeBenchmark}).
   */
  private void skipExtensions(int c) throws IOException {
    Extension at = Extension.AFTER;
    while (true) {
      boolean ws = Tokens.isOws(c);
      at =
          switch (at) {
            case AFTER, AFTER_SPACE -> {
              if (c == '\r' && at == Extension.AFTER) {
                yield Extension.LINE_END;
              }
              if (ws) {
                yield Extension.AFTER_SPACE;
              }
              if (c == ';') {
                yield Extension.NAME_START;
              }
              throw malformed(at == Extension.AFTER ? "Bad chunk size" : "Bad chunk extension");
            }
            case NAME_START -> {
              if (ws) {
                yield Extension.NAME_START;
              }
              if (Tokens.isTokenByte(c)) {
                yield Extension.NAME;
              }
              throw malformed("Bad chunk extension");
            }
            case NAME, TOKEN -> {
              if (Tokens.isTokenByte(c)) {
                yield at;
              }
              if (c == '\r') {
                yield Extension.LINE_END;
              }
              if (c == ';') {
                yield Extension.NAME_START;
              }
              if (c == '=' && at == Extension.NAME) {
                yield Extension.VALUE_START;
              }
              if (ws) {
                yield at == Extension.NAME ? Extension.AFTER_NAME : Extension.AFTER_SPACE;
              }
              throw malformed("Bad chunk extension");
            }
            case AFTER_NAME -> {
              if (ws) {
                yield Extension.AFTER_NAME;
              }
              if (c == '=') {
                yield Extension.VALUE_START;
              }
              if (c == ';') {
                yield Extension.NAME_START;
              }
              throw malformed("Bad chunk extension");
            }
            case VALUE_START -> {
              if (ws) {
                yield Extension.VALUE_START;
              }
              if (c == '"') {
                yield Extension.QUOTED;
              }
              if (Tokens.isTokenByte(c)) {
                yield Extension.TOKEN;
              }
              throw malformed("Bad chunk extension");
            }
            case QUOTED -> {
              if (c == '"') {
                yield Extension.AFTER;
              }
              if (c == '\\') {
                yield Extension.QUOTED_PAIR;
              }
              if (FieldLine.isLineControl(c)) {
                throw malformed("Bad chunk extension");
              }
              yield Extension.QUOTED; // qdtext: HTAB, SP, VCHAR but '"' and '\', obs-text
            }
            case QUOTED_PAIR -> {
              if (FieldLine.isLineControl(c)) {
                throw malformed("Bad chunk extension");
              }
              yield Extension.QUOTED;
            }
            case LINE_END -> throw new IllegalStateException("the chunk line has ended");
          };
      if (at == Extension.LINE_END) {
        endLine();
        return;
      }
      c = nextLineByte();
    }
  }

  /** Consumes the LF of a chunk line's CRLF (the CR was just read). */
  private void endLine() throws IOException {
    int c = input.read();
    if (c < 0) {
      throw new IncompleteBodyException("chunked body ended inside a chunk line");
    }
    if (c != '\n') {
      throw malformed("Bare CR in chunk line");
    }
  }

  /** The next byte of a chunk line, counted against the line limit; a bare LF is refused. */
  private int nextLineByte() throws IOException {
    int c = input.read();
    if (c < 0) {
      throw new IncompleteBodyException("chunked body ended inside a chunk line");
    }
    if (c == '\n') {
      throw malformed("Bare LF in chunk line");
    }
    if (c != '\r' && ++lineBytes > limits.maxChunkLineBytes()) {
      throw malformed("Chunk line too long");
    }
    return c;
  }

  private void expect(int wanted) throws IOException {
    int c = input.read();
    if (c < 0) {
      throw new IncompleteBodyException("chunked body ended after chunk data");
    }
    if (c != wanted) {
      throw malformed("Chunk data longer than its size");
    }
  }

  /**
   * trailer-section = *( field-line CRLF ) CRLF. Each line is checked against the field-line
   * grammar byte by byte as it arrives ({@link FieldLine#next}), so a bad one is refused at its
   * first bad byte, and then forgotten; the section as a whole may not exceed {@link
   * HttpLimits#maxTrailerBytes()}.
   */
  private void readTrailers() throws IOException {
    int total = 0;
    while (true) {
      int c = nextTrailerByte(++total);
      if (c == '\r') {
        trailerLf(++total);
        return; // the empty line that ends the section (and the body)
      }
      FieldLine.Part part = FieldLine.next(FieldLine.Part.START, c);
      while (part == FieldLine.Part.NAME) {
        part = FieldLine.next(part, nextTrailerByte(++total));
      }
      if (part == FieldLine.Part.FOLDED) {
        throw malformed("Obsolete line folding in trailers");
      }
      if (part == FieldLine.Part.BAD_NAME) {
        throw malformed("Bad trailer field");
      }
      while (true) { // the value, up to its CRLF
        c = nextTrailerByte(++total);
        if (c == '\r') {
          trailerLf(++total);
          break;
        }
        if (FieldLine.isLineControl(c)) {
          throw malformed(c == '\n' ? "Bare LF in trailers" : "Bad trailer field");
        }
      }
    }
  }

  private int nextTrailerByte(int total) throws IOException {
    if (total > limits.maxTrailerBytes() + 2) { // the final CRLF is always allowed
      throw new MalformedBodyException(431, "Trailer section too large");
    }
    int c = input.read();
    if (c < 0) {
      throw new IncompleteBodyException("chunked body ended inside its trailers");
    }
    return c;
  }

  private void trailerLf(int total) throws IOException {
    if (nextTrailerByte(total) != '\n') {
      throw malformed("Bare CR in trailers");
    }
  }

  private static MalformedBodyException malformed(String reason) {
    return new MalformedBodyException(400, reason);
  }
}
