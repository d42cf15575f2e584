package dev.mtserver.http.target;

import dev.mtserver.domain.path.InvalidSitePathException;
import dev.mtserver.domain.path.SitePath;
import dev.mtserver.http.codec.HttpProtocolException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a raw request-target (RFC 9112 §3.2) into a {@link RequestTarget}.
 *
 * <p>Origin-form ({@code /a/b?q}), absolute-form ({@code http://host/a/b?q}, whose host is then
 * ignored) and, for OPTIONS, asterisk-form ({@code *}) are accepted. The path is split on
 * {@code /}, each segment percent-decoded exactly once as strict UTF-8 (invalid and overlong
 * sequences refused), and dot-segments resolved after decoding so that {@code %2e%2e} is a
 * {@code ..} too. An encoded slash or NUL, a backslash, or a path that climbs above the root is a
 * 400. All failures are {@link HttpProtocolException}s with status 400.
 */
public final class RequestTargetParser {

  private RequestTargetParser() {}

  public static RequestTarget parse(String method, String rawTarget) throws HttpProtocolException {
    if (rawTarget.equals("*")) {
      if (!method.equals("OPTIONS")) {
        throw bad();
      }
      return new RequestTarget(SitePath.ROOT, Optional.empty(), true);
    }
    String target = stripScheme(rawTarget);
    if (!target.startsWith("/")) {
      throw bad();
    }
    int hash = target.indexOf('#');
    if (hash >= 0) {
      throw bad(); // a fragment is never sent (RFC 9110 §4.2.1 / RFC 9112 §3.2)
    }
    int question = target.indexOf('?');
    String rawPath = question < 0 ? target : target.substring(0, question);
    Optional<String> query =
        question < 0 ? Optional.empty() : Optional.of(target.substring(question + 1));
    return new RequestTarget(decodePath(rawPath), query, false);
  }

  private static String stripScheme(String target) throws HttpProtocolException {
    int schemeEnd;
    if (startsWithIgnoreCase(target, "http://")) {
      schemeEnd = 7;
    } else if (startsWithIgnoreCase(target, "https://")) {
      schemeEnd = 8;
    } else {
      return target;
    }
    int pathStart = target.indexOf('/', schemeEnd);
    if (pathStart == schemeEnd) {
      throw bad(); // empty authority
    }
    if (pathStart < 0) {
      int query = target.indexOf('?', schemeEnd);
      return query < 0 ? "/" : "/" + target.substring(query);
    }
    return target.substring(pathStart);
  }

  private static boolean startsWithIgnoreCase(String s, String prefix) {
    return s.regionMatches(true, 0, prefix, 0, prefix.length());
  }

  private static SitePath decodePath(String rawPath) throws HttpProtocolException {
    List<String> segments = new ArrayList<>();
    boolean trailingSlash = rawPath.endsWith("/");
    int start = 1;
    for (int i = 1; i <= rawPath.length(); i++) {
      if (i == rawPath.length() || rawPath.charAt(i) == '/') {
        String segment = decodeSegment(rawPath, start, i);
        start = i + 1;
        if (segment.isEmpty() || segment.equals(".")) {
          if (i == rawPath.length()) {
            trailingSlash = true; // "/a/." names the directory "/a/"
          }
          continue;
        }
        if (segment.equals("..")) {
          if (segments.isEmpty()) {
            throw bad(); // climbs above the root
          }
          segments.remove(segments.size() - 1);
          if (i == rawPath.length()) {
            trailingSlash = true;
          }
          continue;
        }
        segments.add(segment);
      }
    }
    try {
      return SitePath.of(segments, trailingSlash);
    } catch (InvalidSitePathException e) {
      throw bad();
    }
  }

  private static String decodeSegment(String raw, int from, int to) throws HttpProtocolException {
    if (raw.indexOf('%', from) < 0 || raw.indexOf('%', from) >= to) {
      return raw.substring(from, to);
    }
    ByteBuffer bytes = ByteBuffer.allocate(to - from);
    for (int i = from; i < to; i++) {
      char c = raw.charAt(i);
      if (c != '%') {
        bytes.put((byte) c);
        continue;
      }
      if (i + 2 >= to) {
        throw bad();
      }
      int high = Character.digit(raw.charAt(i + 1), 16);
      int low = Character.digit(raw.charAt(i + 2), 16);
      if (high < 0 || low < 0) {
        throw bad();
      }
      int b = high << 4 | low;
      if (b == '/' || b == 0) {
        throw bad(); // an encoded slash or NUL would change what the path means
      }
      bytes.put((byte) b);
      i += 2;
    }
    bytes.flip();
    CharsetDecoder utf8 =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      CharBuffer chars = utf8.decode(bytes);
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw bad();
    }
  }

  private static HttpProtocolException bad() {
    return new HttpProtocolException(400, "Bad request target");
  }
}
