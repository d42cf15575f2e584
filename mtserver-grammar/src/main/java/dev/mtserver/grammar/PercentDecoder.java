package dev.mtserver.grammar;

/**
 * Percent-decoding (RFC 3986 §2.1): {@code "%" HEXDIG HEXDIG} stands for one byte, decoded exactly
 * once; a {@code %} not followed by two hex digits is malformed, never passed through. Used by
 * every decoder that meets it: a request path's segments, an {@code
 * application/x-www-form-urlencoded} body and an RFC 8187 {@code ext-value} (a part's {@code
 * filename*}).
 *
 * <p>It is fed the bytes of escapes one at a time, so a decoder that streams (a form body arrives
 * in blocks, and an escape may straddle two) and one that holds the whole text decode the same way.
 * What the bytes outside escapes mean ({@code +} in a form, {@code /} in a path) is the caller's
 * business: it calls {@link #accept} for a {@code %} and for every byte while {@link #inEscape()}.
 *
 * <pre>{@code
 * if (c == '%' || percent.inEscape()) {
 *   if (percent.accept(c)) {
 *     out.write(percent.decoded());
 *   }
 * } else { ... c is itself ... }
 * ...
 * percent.end(); // the text may not stop inside an escape
 * }</pre>
 *
 * <p>One decoder per text; not thread-safe.
 */
public final class PercentDecoder {

  private enum State {
    /** Not inside an escape. */
    OUTSIDE,
    /** After {@code %}: the high digit comes next. */
    AFTER_PERCENT,
    /** After {@code %} and the high digit: the low digit comes next. */
    AFTER_HIGH_DIGIT
  }

  private State state = State.OUTSIDE;
  private int high;
  private int decoded;

  /**
   * Whether {@code text[at, end)} begins with a well-formed escape, {@code "%" HEXDIG HEXDIG}: for
   * a grammar that allows escapes without decoding them (a host's {@code pct-encoded}).
   */
  public static boolean isEscapeAt(CharSequence text, int at, int end) {
    return at + 2 < end
        && text.charAt(at) == '%'
        && Tokens.hexValue(text.charAt(at + 1)) >= 0
        && Tokens.hexValue(text.charAt(at + 2)) >= 0;
  }

  /** Whether the next byte belongs to an escape already begun. */
  public boolean inEscape() {
    return state != State.OUTSIDE;
  }

  /**
   * Takes the next byte of an escape: the {@code %} that begins it, or one of its two digits.
   *
   * @return true when {@code c} completed an escape, whose byte {@link #decoded()} then returns
   * @throws MalformedEscapeException when a digit is not a hex digit
   * @throws IllegalArgumentException for a byte outside an escape other than {@code %}
   */
  public boolean accept(int c) throws MalformedEscapeException {
    return switch (state) {
      case OUTSIDE -> {
        if (c != '%') {
          throw new IllegalArgumentException("not an escape: " + c);
        }
        state = State.AFTER_PERCENT;
        yield false;
      }
      case AFTER_PERCENT -> {
        high = digit(c);
        state = State.AFTER_HIGH_DIGIT;
        yield false;
      }
      case AFTER_HIGH_DIGIT -> {
        decoded = high << 4 | digit(c);
        state = State.OUTSIDE;
        yield true;
      }
    };
  }

  /** The byte (0 to 255) of the escape the last {@link #accept} completed. */
  public int decoded() {
    return decoded;
  }

  /**
   * Says the text has ended.
   *
   * @throws MalformedEscapeException when it ended inside an escape ({@code "%"}, {@code "%2"})
   */
  public void end() throws MalformedEscapeException {
    if (state != State.OUTSIDE) {
      throw new MalformedEscapeException();
    }
  }

  private static int digit(int c) throws MalformedEscapeException {
    int value = Tokens.hexValue(c);
    if (value < 0) {
      throw new MalformedEscapeException();
    }
    return value;
  }

  /** A {@code %} not followed by two hex digits. The message never quotes the input. */
  public static final class MalformedEscapeException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedEscapeException() {
      // no stack trace: hostile input may cause many, and the caller translates each at once
      super("bad percent-encoding", null, false, false);
    }
  }
}
