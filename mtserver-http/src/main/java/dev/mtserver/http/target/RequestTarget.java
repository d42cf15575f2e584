package dev.mtserver.http.target;

import dev.mtserver.domain.path.SitePath;
import java.util.Objects;
import java.util.Optional;

/**
 * A request-target (RFC 9112 §3.2) after validation: which form it had, the site path it names
 * (decoded and normalised), and the parts kept raw for whoever needs them.
 */
public final class RequestTarget {

  /** The four forms of RFC 9112 §3.2. */
  public enum Form {
    /** {@code /path?query}: what almost every request uses. */
    ORIGIN,
    /** {@code http://host/path?query}: sent to proxies; the authority replaces {@code Host}. */
    ABSOLUTE,
    /** {@code host:port}: only with CONNECT; its path is the root. */
    AUTHORITY,
    /** {@code *}: only with OPTIONS, asking about the server as a whole; its path is the root. */
    ASTERISK
  }

  private final Form form;
  private final SitePath path;
  private final String raw;
  private final int pathStart;
  private final int pathEnd; // the query, if any, starts after the '?' here
  private final String authority;

  /**
   * @param raw the text holding the path and query, as sent
   * @param pathStart where the path starts in {@code raw}
   * @param pathEnd where the path ends in {@code raw}: its end, or the index of the {@code ?}
   */
  RequestTarget(
      Form form, SitePath path, String raw, int pathStart, int pathEnd, String authority) {
    this.form = Objects.requireNonNull(form, "form");
    this.path = Objects.requireNonNull(path, "path");
    this.raw = Objects.requireNonNull(raw, "raw");
    this.pathStart = pathStart;
    this.pathEnd = pathEnd;
    this.authority = authority;
  }

  public Form form() {
    return form;
  }

  /** The decoded, normalised path; it can never climb above the site root. */
  public SitePath path() {
    return path;
  }

  /** The path as sent, still percent-encoded, before dot-segments were resolved. */
  public String rawPath() {
    return pathStart == 0 && pathEnd == raw.length() ? raw : raw.substring(pathStart, pathEnd);
  }

  /** The query without its {@code ?}, still percent-encoded; empty when there was no {@code ?}. */
  public Optional<String> rawQuery() {
    return pathEnd < raw.length() ? Optional.of(raw.substring(pathEnd + 1)) : Optional.empty();
  }

  /** The {@code host[:port]} of an absolute-form or authority-form target. */
  public Optional<String> authority() {
    return Optional.ofNullable(authority);
  }

  @Override
  public String toString() {
    return pathEnd < raw.length() ? path + raw.substring(pathEnd) : path.toString();
  }
}
