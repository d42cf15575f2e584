package dev.mtserver.http.target;

import dev.mtserver.domain.path.InvalidSitePathException;
import dev.mtserver.domain.path.SitePath;
import dev.mtserver.grammar.PercentDecoder;
import dev.mtserver.grammar.PercentDecoder.MalformedEscapeException;
import dev.mtserver.grammar.StrictUtf8;
import dev.mtserver.http.codec.HttpProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a raw request-target into a {@link RequestTarget} whose path is a {@link SitePath}.
 *
 * <p>Forms (RFC 9112 §3.2): origin-form {@code /path?query}; absolute-form {@code
 * http://authority/path?query} (http or https, any case; no userinfo); {@code *} only for OPTIONS;
 * authority-form {@code host:port} only for CONNECT. Anything else is 400.
 *
 * <p>The path, in this order:
 *
 * <ol>
 *   <li>is split at {@code /} as sent, so an encoded slash can never become a separator: {@code
 *       %2F} is refused outright (400), as is {@code %00};
 *   <li>may hold any visible ASCII but {@code #} and {@code \} (browsers send {@code | ^ [ ]} raw);
 *       {@code %} must start a {@code %XX} escape;
 *   <li>is percent-decoded exactly once per segment, and the bytes must be strict UTF-8 (no
 *       overlong forms, no surrogates); decoded control characters and {@code \} are refused;
 *   <li>has its dot-segments resolved after decoding ({@code %2e%2e} is {@code ..}); a {@code ..}
 *       that would climb above {@code /} is 400, never clamped, so {@code /../etc/passwd} cannot
 *       turn into {@code /etc/passwd};
 *   <li>collapses empty segments ({@code //}); ending in {@code /}, {@code /.} or {@code /..} keeps
 *       the directory form.
 * </ol>
 *
 * <p>The query is kept raw (still encoded); only {@code #} is refused in it.
 */
public final class RequestTargetParser {

  private RequestTargetParser() {}

  /**
   * Parses a request target into its form (origin, absolute, authority or asterisk).
   *
   * @param method the request's method, which decides which forms are allowed
   * @param rawTarget the target exactly as sent (printable ASCII, as the head parser guarantees)
   * @throws HttpProtocolException with status 400 for any target this server will not serve
   */
  public static RequestTarget parse(String method, String rawTarget) throws HttpProtocolException {
    if (rawTarget.isEmpty()) {
      throw bad("Bad request target");
    }
    if (rawTarget.charAt(0) == '/') {
      return originForm(rawTarget, 0, RequestTarget.Form.ORIGIN, null);
    }
    if (rawTarget.equals("*")) {
      if (!method.equals("OPTIONS")) {
        throw bad("Bad request target");
      }
      return new RequestTarget(RequestTarget.Form.ASTERISK, SitePath.ROOT, "*", 0, 1, null);
    }
    if (method.equals("CONNECT")) {
      if (!Authority.isValid(rawTarget, true)) {
        throw bad("Bad request target");
      }
      return new RequestTarget(RequestTarget.Form.AUTHORITY, SitePath.ROOT, "", 0, 0, rawTarget);
    }
    return absoluteForm(rawTarget);
  }

  private static RequestTarget absoluteForm(String raw) throws HttpProtocolException {
    int authorityStart;
    if (raw.regionMatches(true, 0, "http://", 0, 7)) {
      authorityStart = 7;
    } else if (raw.regionMatches(true, 0, "https://", 0, 8)) {
      authorityStart = 8;
    } else {
      throw bad("Bad request target");
    }
    int authorityEnd = authorityStart;
    while (authorityEnd < raw.length()
        && raw.charAt(authorityEnd) != '/'
        && raw.charAt(authorityEnd) != '?') {
      authorityEnd++;
    }
    String authority = raw.substring(authorityStart, authorityEnd);
    if (authority.isEmpty() || !Authority.isValid(authority, false)) {
      throw bad("Bad request target");
    }
    if (authorityEnd == raw.length()) {
      return new RequestTarget(RequestTarget.Form.ABSOLUTE, SitePath.ROOT, "/", 0, 1, authority);
    }
    if (raw.charAt(authorityEnd) == '?') {
      // "http://host?q" has an empty path, which means "/" (RFC 9112 §3.2.1)
      return originForm(
          "/" + raw.substring(authorityEnd), 0, RequestTarget.Form.ABSOLUTE, authority);
    }
    return originForm(raw, authorityEnd, RequestTarget.Form.ABSOLUTE, authority);
  }

  private static RequestTarget originForm(
      String raw, int start, RequestTarget.Form form, String authority)
      throws HttpProtocolException {
    int question = raw.indexOf('?', start);
    int pathEnd = question < 0 ? raw.length() : question;
    if (question >= 0 && raw.indexOf('#', question) >= 0) {
      throw bad("Bad request target");
    }
    SitePath path = decodePath(raw, start, pathEnd);
    return new RequestTarget(form, path, raw, start, pathEnd, authority);
  }

  /** Decodes and normalises {@code raw[from, to)}, which starts with '/'. */
  private static SitePath decodePath(String raw, int from, int to) throws HttpProtocolException {
    if (to - from == 1) {
      return SitePath.ROOT;
    }
    List<String> segments = new ArrayList<>(8);
    boolean directory = false;
    int segmentStart = from + 1;
    for (int i = segmentStart; i <= to; i++) {
      if (i < to && raw.charAt(i) != '/') {
        continue;
      }
      boolean last = i == to;
      String segment = decodeSegment(raw, segmentStart, i);
      segmentStart = i + 1;
      if (segment.isEmpty() || segment.equals(".")) {
        directory = last;
      } else if (segment.equals("..")) {
        if (segments.isEmpty()) {
          throw bad("Path climbs above the root");
        }
        segments.remove(segments.size() - 1);
        directory = last;
      } else {
        segments.add(segment);
        directory = false;
      }
    }
    try {
      return SitePath.of(segments, directory);
    } catch (InvalidSitePathException e) {
      throw bad("Bad request path");
    }
  }

  /** Percent-decodes one segment exactly once, as strict UTF-8. */
  private static String decodeSegment(String raw, int from, int to) throws HttpProtocolException {
    boolean encoded = false;
    for (int i = from; i < to; i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        encoded = true;
      } else if (c == '#' || c == '\\') {
        throw bad("Bad request path");
      }
    }
    if (!encoded) {
      return raw.substring(from, to);
    }
    byte[] bytes = new byte[to - from];
    int n = 0;
    boolean ascii = true;
    PercentDecoder percent = new PercentDecoder();
    try {
      for (int i = from; i < to; i++) {
        char c = raw.charAt(i);
        if (c != '%' && !percent.inEscape()) {
          bytes[n++] = (byte) c;
        } else if (percent.accept(c)) {
          int b = percent.decoded();
          if (b == '/') {
            throw bad("Encoded slash in path");
          }
          if (b == 0) {
            throw bad("Encoded NUL in path");
          }
          bytes[n++] = (byte) b;
          ascii &= b < 0x80;
        }
      }
      percent.end();
    } catch (MalformedEscapeException e) {
      throw bad("Bad percent-encoding");
    }
    if (ascii) {
      return new String(bytes, 0, n, StandardCharsets.US_ASCII);
    }
    return StrictUtf8.decode(bytes, 0, n).orElseThrow(() -> bad("Path is not valid UTF-8"));
  }

  private static HttpProtocolException bad(String reason) {
    return new HttpProtocolException(400, reason);
  }
}
