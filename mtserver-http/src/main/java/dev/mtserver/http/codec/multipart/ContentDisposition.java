package dev.mtserver.http.codec.multipart;

import com.google.common.base.Ascii;
import com.google.common.collect.ImmutableMap;
import dev.mtserver.grammar.PercentDecoder;
import dev.mtserver.grammar.PercentDecoder.MalformedEscapeException;
import dev.mtserver.grammar.StrictUtf8;
import dev.mtserver.grammar.Tokens;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A part's {@code Content-Disposition} (RFC 7578 §4.2, RFC 6266 grammar): the disposition type and
 * its parameters, with {@code filename*} decoded as an RFC 8187 ext-value.
 *
 * <p>Parameter names are case-insensitive and kept lower-case; the first occurrence of a name wins.
 * Values are tokens or quoted strings. Inside a quoted string {@code \"} and {@code \\} are
 * escapes, but any other backslash is kept as it is: old browsers send Windows paths such as {@code
 * "C:\Users\me\a.txt"} without escaping them. An unquoted value runs to the next {@code ;},
 * trimmed, as lenient parsers (browsers, Jetty) accept.
 */
public record ContentDisposition(String type, ImmutableMap<String, String> parameters) {

  /** Parses a header value; never fails (an unparsable tail is ignored). */
  public static ContentDisposition parse(String value) {
    int semicolon = value.indexOf(';');
    String type =
        Ascii.toLowerCase((semicolon < 0 ? value : value.substring(0, semicolon)).strip());
    Map<String, String> parameters = new LinkedHashMap<>();
    int i = semicolon < 0 ? value.length() : semicolon + 1;
    while (i < value.length()) {
      int equals = value.indexOf('=', i);
      int nextSemicolon = value.indexOf(';', i);
      if (equals < 0 || (nextSemicolon >= 0 && nextSemicolon < equals)) {
        i = nextSemicolon < 0 ? value.length() : nextSemicolon + 1; // a parameter without '='
        continue;
      }
      String name = Ascii.toLowerCase(value.substring(i, equals).strip());
      int start = skipSpaces(value, equals + 1);
      String parameterValue;
      if (start < value.length() && value.charAt(start) == '"') {
        StringBuilder quoted = new StringBuilder();
        int j = start + 1;
        while (j < value.length() && value.charAt(j) != '"') {
          char c = value.charAt(j);
          if (c == '\\'
              && j + 1 < value.length()
              && (value.charAt(j + 1) == '"' || value.charAt(j + 1) == '\\')) {
            c = value.charAt(++j);
          }
          quoted.append(c);
          j++;
        }
        parameterValue = quoted.toString();
        int end = value.indexOf(';', Math.min(j + 1, value.length()));
        i = end < 0 ? value.length() : end + 1;
      } else {
        int end = nextSemicolon < 0 ? value.length() : nextSemicolon;
        parameterValue = value.substring(start, end).strip();
        i = end + 1;
      }
      if (!name.isEmpty()) {
        parameters.putIfAbsent(name, parameterValue);
      }
    }
    return new ContentDisposition(type, ImmutableMap.copyOf(parameters));
  }

  private static int skipSpaces(String s, int i) {
    while (i < s.length() && Tokens.isOws(s.charAt(i))) {
      i++;
    }
    return i;
  }

  public Optional<String> parameter(String name) {
    return Optional.ofNullable(parameters.get(Ascii.toLowerCase(name)));
  }

  /**
   * The file name: {@code filename*} when present and decodable (it wins, per RFC 6266 §4.3), else
   * {@code filename}; empty when the part is not a file.
   */
  public Optional<String> fileName() {
    Optional<String> extended = parameter("filename*").flatMap(ContentDisposition::decodeExtValue);
    return extended.isPresent() ? extended : parameter("filename");
  }

  /**
   * Decodes an RFC 8187 ext-value, {@code charset'language'pct-encoded}, for UTF-8 and ISO-8859-1;
   * anything else is empty.
   */
  static Optional<String> decodeExtValue(String extValue) {
    int first = extValue.indexOf('\'');
    int second = first < 0 ? -1 : extValue.indexOf('\'', first + 1);
    if (second < 0) {
      return Optional.empty();
    }
    String charsetName = extValue.substring(0, first);
    boolean utf8 = Ascii.equalsIgnoreCase(charsetName, "UTF-8");
    if (!utf8 && !Ascii.equalsIgnoreCase(charsetName, "ISO-8859-1")) {
      return Optional.empty();
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PercentDecoder percent = new PercentDecoder();
    try {
      for (int i = second + 1; i < extValue.length(); i++) {
        char c = extValue.charAt(i);
        if (c == '%' || percent.inEscape()) {
          if (percent.accept(c)) {
            bytes.write(percent.decoded());
          }
        } else if (c > 0x20 && c < 0x7f) {
          bytes.write(c);
        } else {
          return Optional.empty();
        }
      }
      percent.end();
    } catch (MalformedEscapeException e) {
      return Optional.empty();
    }
    byte[] decoded = bytes.toByteArray();
    return utf8
        ? StrictUtf8.decode(decoded, 0, decoded.length)
        : Optional.of(new String(decoded, StandardCharsets.ISO_8859_1));
  }
}
