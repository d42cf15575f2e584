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
  private final String rawPath;
  private final String rawQuery;
  private final String authority;

  RequestTarget(Form form, SitePath path, String rawPath, String rawQuery, String authority) {
    this.form = Objects.requireNonNull(form, "form");
    this.path = Objects.requireNonNull(path, "path");
    this.rawPath = Objects.requireNonNull(rawPath, "rawPath");
    this.rawQuery = rawQuery;
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
    return rawPath;
  }

  /** The query without its {@code ?}, still percent-encoded; empty when there was no {@code ?}. */
  public Optional<String> rawQuery() {
    return Optional.ofNullable(rawQuery);
  }

  /** The {@code host[:port]} of an absolute-form or authority-form target. */
  public Optional<String> authority() {
    return Optional.ofNullable(authority);
  }

  @Override
  public String toString() {
    return rawQuery == null ? path.toString() : path + "?" + rawQuery;
  }
}
