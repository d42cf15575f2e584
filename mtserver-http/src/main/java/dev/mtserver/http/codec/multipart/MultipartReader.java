package dev.mtserver.http.codec.multipart;

import dev.mtserver.grammar.FieldLine;
import dev.mtserver.grammar.StrictUtf8;
import dev.mtserver.grammar.Tokens;
import dev.mtserver.http.codec.HttpFields;
import dev.mtserver.http.codec.MalformedBodyException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Reads a {@code multipart/form-data} body (RFC 7578, RFC 2046 §5.1) one part at a time, as it
 * streams in, through one fixed buffer.
 *
 * <p>A delimiter is CRLF, {@code --}, the boundary, then either {@code --} (the close delimiter) or
 * optional spaces and tabs and CRLF. The body may start with the delimiter's line (without the CRLF
 * before it); anything before the first delimiter (the preamble) and after the close delimiter (the
 * epilogue) is ignored. Content that merely looks like a delimiter, such as the boundary followed
 * by other characters or the boundary not at the start of a line, is content and is passed through
 * byte for byte.
 *
 * <p>Delimiters are found with Boyer-Moore-Horspool over the buffer, so most content bytes are
 * never inspected one by one; a part's body is handed out straight from the buffer ({@link
 * InputStream#transferTo} writes from it without another copy), and nothing but the part headers
 * (at most {@link MultipartLimits#maxPartHeaderBytes}) is ever held longer than one buffer.
 *
 * <p>Errors are {@link MalformedBodyException}s: 400 for a malformed body (bare LF in part headers,
 * a part without a {@code form-data} disposition or a name, a body that ends before its close
 * delimiter) and 413 for one over a limit (too many parts, part headers too large). I/O errors of
 * the underlying stream pass through unchanged. One reader per body; not thread-safe.
 */
public final class MultipartReader {

  /**
   * The one buffer a reader holds, whatever the body: what an upload in progress costs in memory.
   */
  public static final int BUFFER_BYTES = 64 * 1024;

  /** Spaces and tabs allowed between a boundary and its CRLF ("transport padding"). */
  private static final int MAX_PADDING = 256;

  /** What the bytes after a boundary found in the buffer make of it. */
  private enum Tail {
    /** Too few bytes are buffered to tell (at the end of input, this is {@link #CONTENT}). */
    UNDECIDED,
    /** Anything but the two below: the boundary is content that merely looks like a delimiter. */
    CONTENT,
    /** {@code --}: the close delimiter; the body ends. */
    CLOSE,
    /** Optional padding (spaces and tabs) and CRLF: another part begins after it. */
    NEXT_PART
  }

  private final InputStream in;
  private final MultipartLimits limits;

  /** CRLF "--" boundary. */
  private final byte[] delimiter;

  /** Horspool's bad-character shifts for {@link #delimiter}. */
  private final int[] shift = new int[256];

  private final byte[] buffer;
  private int position;
  private int limit;
  private boolean endOfInput;

  /** Bytes in [position, contentEnd) belong to the current part's content. */
  private int contentEnd;

  /** No delimiter starts in [position, scanFrom). */
  private int scanFrom;

  /** Where a confirmed delimiter starts (== contentEnd), or -1. */
  private int delimiterAt = -1;

  /**
   * While {@link #delimiterAt} is set, what that delimiter is: {@link Tail#CLOSE} or {@link
   * Tail#NEXT_PART}.
   */
  private Tail delimiterTail;

  private final FieldLine fieldLine = new FieldLine();
  private PartBody current;
  private int parts;
  private boolean finished;

  public MultipartReader(InputStream in, String boundary, MultipartLimits limits) {
    this.in = Objects.requireNonNull(in, "in");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    int last = delimiter.length - 1;
    Arrays.fill(shift, delimiter.length);
    for (int k = 0; k < last; k++) {
      shift[delimiter[k] & 0xff] = last - k;
    }
    this.buffer = new byte[BUFFER_BYTES];
    // Pretend the body starts after a line break, so that "--boundary" on its first line is found
    // like any other delimiter; if there is a preamble instead, these two bytes are part of it.
    buffer[0] = '\r';
    buffer[1] = '\n';
    limit = 2;
    current = new PartBody(); // the preamble, read and discarded by the first nextPart()
  }

  /**
   * Moves to the next part, discarding whatever is left of the current one.
   *
   * @return the next part, or {@code null} after the close delimiter
   */
  public MultipartPart nextPart() throws IOException {
    if (finished) {
      return null;
    }
    current.skipRest();
    if (finished) {
      return null;
    }
    if (++parts > limits.maxParts()) {
      throw new MalformedBodyException(413, "Too many parts");
    }
    HttpFields headers = readPartHeaders();
    ContentDisposition disposition =
        ContentDisposition.parse(
            headers
                .first("Content-Disposition")
                .orElseThrow(() -> bad("Part without Content-Disposition")));
    if (!disposition.type().equals("form-data")) {
      throw bad("Part is not form-data");
    }
    String name = disposition.parameter("name").orElseThrow(() -> bad("Part without a name"));
    current = new PartBody();
    contentEnd = position;
    scanFrom = position;
    return new MultipartPart(headers, disposition, name, current);
  }

  /** How many parts have been started so far. */
  public int partCount() {
    return parts;
  }

  // ---- part headers ----

  private HttpFields readPartHeaders() throws IOException {
    int end;
    while ((end = headerBlockEnd()) < 0) {
      if (limit - position > limits.maxPartHeaderBytes()) {
        throw new MalformedBodyException(413, "Part headers too large");
      }
      if (!fill()) {
        throw bad("Multipart body ends inside part headers");
      }
    }
    if (end - position > limits.maxPartHeaderBytes()) {
      throw new MalformedBodyException(413, "Part headers too large");
    }
    HttpFields headers = new HttpFields(4);
    int lineStart = position;
    while (lineStart < end - 2) { // the block ends with the empty line's CRLF
      int lineEnd = lineStart;
      while (buffer[lineEnd] != '\r') {
        if (buffer[lineEnd] == '\n') {
          throw bad("Bare LF in part headers");
        }
        lineEnd++;
      }
      if (buffer[lineEnd + 1] != '\n') {
        throw bad("Bare CR in part headers");
      }
      parseHeaderLine(lineStart, lineEnd, headers);
      lineStart = lineEnd + 2;
    }
    position = end;
    return headers;
  }

  /** The index after the CRLF CRLF that ends the header block, or -1 if it is not buffered yet. */
  private int headerBlockEnd() {
    if (limit - position >= 2 && buffer[position] == '\r' && buffer[position + 1] == '\n') {
      return position + 2; // no headers at all
    }
    for (int i = position; i + 3 < limit; i++) {
      if (buffer[i] == '\r'
          && buffer[i + 1] == '\n'
          && buffer[i + 2] == '\r'
          && buffer[i + 3] == '\n') {
        return i + 4;
      }
    }
    return -1;
  }

  private void parseHeaderLine(int from, int to, HttpFields headers) throws MalformedBodyException {
    switch (fieldLine.split(buffer, from, to)) {
      case VALUE -> {
        int valueStart = fieldLine.valueStart();
        int valueEnd = fieldLine.valueEnd();
        if (FieldLine.skipLineText(buffer, valueStart, valueEnd) != valueEnd) {
          throw bad("Control character in part header");
        }
        String name =
            new String(buffer, from, fieldLine.nameEnd() - from, StandardCharsets.ISO_8859_1);
        headers.add(name, headerValue(valueStart, valueEnd));
      }
      case FOLDED -> throw bad("Folded part header");
      default -> throw bad("Bad part header"); // no name, or no colon
    }
  }

  /** Browsers send file names as raw UTF-8; anything that is not UTF-8 is read as ISO-8859-1. */
  private String headerValue(int from, int to) {
    return StrictUtf8.decode(buffer, from, to)
        .orElseGet(() -> new String(buffer, from, to - from, StandardCharsets.ISO_8859_1));
  }

  // ---- part content ----

  /**
   * Makes content available at {@code position}. Returns false once the current part has ended,
   * having consumed its delimiter.
   */
  private boolean advance() throws IOException {
    while (position == contentEnd) {
      if (delimiterAt == position) {
        consumeDelimiter();
        return false;
      }
      scan();
    }
    return true;
  }

  /** Moves {@link #contentEnd} forward, finds a delimiter, or reads more input. */
  private void scan() throws IOException {
    int from = Math.max(scanFrom, position);
    int match = indexOfDelimiter(from, limit);
    if (match >= 0) {
      Tail tail = tail(match + delimiter.length);
      switch (tail) {
        case CONTENT -> contentEnd = scanFrom = match + 1; // looks like a delimiter, but is content
        case CLOSE, NEXT_PART -> {
          contentEnd = scanFrom = delimiterAt = match;
          delimiterTail = tail;
        }
        case UNDECIDED -> {
          if (match > position) {
            contentEnd = scanFrom = match; // hand out what precedes it while we wait
          } else {
            fill(); // at end of input, tail() decides without more bytes
          }
        }
      }
      return;
    }
    // No delimiter starts before limit - length + 1; one may start in the last bytes.
    int safe = Math.max(limit - delimiter.length + 1, from);
    if (safe > position) {
      contentEnd = scanFrom = safe;
    } else if (!fill()) {
      throw bad("Multipart body ends before its close delimiter");
    }
  }

  /** Horspool search for the delimiter starting in [from, to - length]; -1 if none. */
  private int indexOfDelimiter(int from, int to) {
    final byte[] d = delimiter;
    final byte[] b = buffer;
    final int last = d.length - 1;
    final byte lastByte = d[last];
    final int end = to - d.length;
    int i = from;
    while (i <= end) {
      byte c = b[i + last];
      if (c == lastByte) {
        int j = 0;
        while (j < last && b[i + j] == d[j]) {
          j++;
        }
        if (j == last) {
          return i;
        }
      }
      i += shift[c & 0xff];
    }
    return -1;
  }

  /** What follows a boundary that ends at {@code at}. */
  private Tail tail(int at) {
    if (limit - at < 2) {
      return endOfInput ? Tail.CONTENT : Tail.UNDECIDED;
    }
    if (buffer[at] == '-' && buffer[at + 1] == '-') {
      return Tail.CLOSE;
    }
    int i = paddingEnd(at);
    if (i - at > MAX_PADDING) {
      return Tail.CONTENT;
    }
    if (limit - i < 2) {
      return endOfInput ? Tail.CONTENT : Tail.UNDECIDED;
    }
    return buffer[i] == '\r' && buffer[i + 1] == '\n' ? Tail.NEXT_PART : Tail.CONTENT;
  }

  /**
   * Where the spaces and tabs after a boundary ending at {@code at} end: the first other byte, or
   * the end of the buffered bytes, or {@code at + MAX_PADDING + 1} for more padding than allowed.
   */
  private int paddingEnd(int at) {
    int i = at;
    while (i < limit && i - at <= MAX_PADDING && Tokens.isOws(buffer[i])) {
      i++;
    }
    return i;
  }

  private void consumeDelimiter() {
    int boundaryEnd = delimiterAt + delimiter.length;
    if (delimiterTail == Tail.CLOSE) {
      finished = true;
      position = boundaryEnd + 2; // the epilogue that may follow is never read
    } else {
      position = paddingEnd(boundaryEnd) + 2; // and the CRLF
    }
    delimiterAt = -1;
    contentEnd = scanFrom = position;
    current.ended = true;
  }

  /**
   * Moves unread bytes to the front of the buffer and reads more after them.
   *
   * @return false at end of input
   */
  private boolean fill() throws IOException {
    if (endOfInput) {
      return false;
    }
    if (position > 0) {
      int kept = limit - position;
      System.arraycopy(buffer, position, buffer, 0, kept);
      contentEnd -= position;
      scanFrom -= position;
      if (delimiterAt >= 0) {
        delimiterAt -= position;
      }
      limit = kept;
      position = 0;
    }
    int n = in.read(buffer, limit, buffer.length - limit);
    if (n < 0) {
      endOfInput = true;
      return false;
    }
    limit += n;
    return true;
  }

  private static MalformedBodyException bad(String reason) {
    return new MalformedBodyException(400, reason);
  }

  /** The content of the current part (or the preamble), read straight from the buffer. */
  private final class PartBody extends InputStream {

    boolean ended;

    private boolean active() throws IOException {
      return !ended && current == this && advance();
    }

    @Override
    public int read() throws IOException {
      return active() ? buffer[position++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      if (len == 0) {
        return 0;
      }
      if (!active()) {
        return -1;
      }
      int n = Math.min(len, contentEnd - position);
      System.arraycopy(buffer, position, b, off, n);
      position += n;
      return n;
    }

    @Override
    public long transferTo(OutputStream out) throws IOException {
      long total = 0;
      while (active()) {
        int n = contentEnd - position;
        out.write(buffer, position, n);
        position += n;
        total += n;
      }
      return total;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = 0;
      while (skipped < n && active()) {
        int step = (int) Math.min(n - skipped, contentEnd - position);
        position += step;
        skipped += step;
      }
      return skipped;
    }

    @Override
    public int available() {
      return ended || current != this ? 0 : contentEnd - position;
    }

    /** Discards the rest of this part, up to and including its delimiter. */
    void skipRest() throws IOException {
      while (active()) {
        position = contentEnd;
      }
    }
  }
}
