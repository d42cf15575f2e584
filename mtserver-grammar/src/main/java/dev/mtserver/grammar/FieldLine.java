package dev.mtserver.grammar;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * One field line (RFC 9112 §5, RFC 9110 §5): {@code field-name ":" OWS field-value OWS}, where the
 * name is a token directly followed by the colon and the line may not start with whitespace
 * (obs-fold, RFC 9112 §5.2, refused rather than unfolded). Every parser of a header block uses it:
 * the request head, chunk trailers, multipart part headers and a script's CGI head.
 *
 * <p>Two ways in, one grammar. {@link #split} takes a line whose end is known (the request head,
 * part headers, a script's head) and finds the name and the trimmed value; {@link #next} takes one
 * byte at a time, for a line that streams in and must be refused at its first bad byte (trailers).
 * {@code split} walks the name with {@code next}, so both agree by construction.
 *
 * <p>What ends a line (CRLF only, or a script's LF) and what each parser answers for a bad line
 * differ, so they stay with the parsers; which bytes a line may hold at all ({@link
 * #isLineControl}, {@link #skipLineText}) is here.
 *
 * <p>An instance holds the spans of the last line it split and is reused for the next one: one per
 * parser, not thread-safe.
 */
public final class FieldLine {

  /** Where a field line stands after the bytes seen so far. */
  public enum Part {
    /** No byte yet. */
    START,
    /** In the field name: tchars so far, no colon yet. */
    NAME,
    /** Past the colon: the value, with whatever whitespace surrounds it. */
    VALUE,
    /** The line began with whitespace: obs-fold (or whitespace before the first field line). */
    FOLDED,
    /** A byte no field name may hold before the colon, or a colon with no name before it. */
    BAD_NAME
  }

  /** Bytes that may not appear in a line at all: CTLs other than HTAB, and DEL (RFC 9110 §5.5). */
  private static final boolean[] LINE_CTL = new boolean[256];

  static {
    for (int b = 0; b < 0x20; b++) LINE_CTL[b] = b != '\t';
    LINE_CTL[0x7f] = true;
  }

  private int nameEnd;
  private int valueStart;
  private int valueEnd;

  /**
   * The part a line is in after byte {@code b}, given the part it was in before. Bytes of the value
   * do not change it: a value may hold anything but line controls and the line's end, which the
   * caller's line reader decides on.
   */
  public static Part next(Part part, int b) {
    // Tests, not a switch: this runs for every byte of every field name, NAME most often.
    if (part == Part.NAME) {
      return b == ':' ? Part.VALUE : Tokens.isTokenByte(b) ? Part.NAME : Part.BAD_NAME;
    }
    if (part == Part.START) {
      return Tokens.isOws(b) ? Part.FOLDED : Tokens.isTokenByte(b) ? Part.NAME : Part.BAD_NAME;
    }
    return part; // VALUE, FOLDED and BAD_NAME stay
  }

  /**
   * Splits the line {@code line[from, to)} (without its line end) into a name and a value with its
   * surrounding OWS removed.
   *
   * @return {@link Part#VALUE} for a field line, whose spans {@link #nameEnd()}, {@link
   *     #valueStart()} and {@link #valueEnd()} then describe; {@link Part#FOLDED} or {@link
   *     Part#BAD_NAME} for a line that is not one, or {@link Part#NAME} (or {@link Part#START} for
   *     an empty line) when it has no colon
   */
  public Part split(byte[] line, int from, int to) {
    Part part = Part.START;
    int i = from;
    while (i < to) {
      part = next(part, line[i++]);
      if (part != Part.NAME) {
        break;
      }
    }
    if (part != Part.VALUE) {
      return part;
    }
    nameEnd = i - 1;
    int start = i;
    int end = to;
    while (start < end && Tokens.isOws(line[start])) start++;
    while (end > start && Tokens.isOws(line[end - 1])) end--;
    valueStart = start;
    valueEnd = end;
    return Part.VALUE;
  }

  /** Where the name of the last line split ends: the index of its colon. */
  public int nameEnd() {
    return nameEnd;
  }

  /** Where the value of the last line split starts, after its leading OWS. */
  public int valueStart() {
    return valueStart;
  }

  /** Where the value of the last line split ends (exclusive), before its trailing OWS. */
  public int valueEnd() {
    return valueEnd;
  }

  /** A control character (other than HTAB) or DEL: never allowed inside a line. */
  public static boolean isLineControl(int b) {
    return LINE_CTL[b & 0xff];
  }

  /**
   * Whether {@code s} may be sent as a field value: VCHAR, obs-text, SP and HTAB, nothing else (no
   * NUL, CR, LF or DEL; no character beyond ISO-8859-1).
   */
  public static boolean isFieldValue(CharSequence s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c > 0xff || LINE_CTL[c]) {
        return false;
      }
    }
    return true;
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;

  /**
   * The index of the first line control byte ({@link #isLineControl}) in {@code bytes[from, to)},
   * or {@code to}. Eight bytes are checked at a time: a word holds no byte below 0x20 and no DEL
   * when neither {@code (w - 0x20..) & ~w} nor the same test on {@code w ^ 0x7f..} has a high bit
   * set; only a word that fails (a CR, or a rare HTAB) is looked at byte by byte.
   */
  public static int skipLineText(byte[] bytes, int from, int to) {
    int i = from;
    while (true) {
      while (i + 8 <= to) {
        long w = (long) LONGS.get(bytes, i);
        long del = w ^ (0x7f * ONES);
        long below20 = (w - 0x20 * ONES) & ~w;
        long isDel = (del - ONES) & ~del;
        if (((below20 | isDel) & HIGH_BITS) != 0) {
          break;
        }
        i += 8;
      }
      int end = Math.min(i + 8, to); // this word, byte by byte; then back to words
      for (; i < end; i++) {
        if (LINE_CTL[bytes[i] & 0xff]) {
          return i;
        }
      }
      if (i == to) {
        return to;
      }
    }
  }
}
