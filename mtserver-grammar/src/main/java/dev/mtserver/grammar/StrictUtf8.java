package dev.mtserver.grammar;

import com.google.common.base.Utf8;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * UTF-8 decoded strictly (RFC 3629): bytes that are not well-formed — an overlong form such as
 * {@code C0 AF} for {@code /}, an encoded surrogate, a code point past U+10FFFF, a truncated
 * sequence — are refused, never replaced with U+FFFD, so that no two readers of the same bytes can
 * see different text. Where the text comes from decides what refusal means (a 400, a fallback to
 * ISO-8859-1, a file name ignored), so that stays with the caller.
 */
public final class StrictUtf8 {

  private StrictUtf8() {}

  /** Whether {@code bytes[from, to)} are well-formed UTF-8. */
  public static boolean isWellFormed(byte[] bytes, int from, int to) {
    return Utf8.isWellFormed(bytes, from, to - from);
  }

  /** The text of {@code bytes[from, to)}, or empty when they are not well-formed UTF-8. */
  public static Optional<String> decode(byte[] bytes, int from, int to) {
    return isWellFormed(bytes, from, to)
        ? Optional.of(new String(bytes, from, to - from, StandardCharsets.UTF_8))
        : Optional.empty();
  }

  /**
   * The text of {@code bytes} as characters in an array the caller owns, for a secret such as a
   * password: no {@code String} is made, and the decoder's own buffer is cleared before this
   * returns, so the caller can wipe every copy when done. Empty when the bytes are not well-formed
   * UTF-8.
   */
  public static Optional<char[]> decodeSecret(byte[] bytes) {
    CharBuffer text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes));
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
    char[] chars = new char[text.remaining()];
    text.get(chars);
    if (text.hasArray()) {
      Arrays.fill(text.array(), '\0');
    }
    return Optional.of(chars);
  }
}
