package dev.mtserver.http.conditional;

import dev.mtserver.http.codec.HttpFields;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Conditional requests (RFC 9110 §13): one small pure function per precondition field, and {@link
 * #evaluate} applying them in the order of §13.2.2.
 *
 * <p>Validators are the representation's strong entity-tag (quoted, as sent in {@code ETag}) and
 * its modification time, compared at the one-second precision of {@code Last-Modified}.
 */
public final class Preconditions {

  /** What the precondition fields decide for a request. */
  public enum Decision {
    /** Go on and answer normally (a {@code Range} may still apply). */
    PROCEED,
    /** {@code 304 Not Modified}: the client's copy is current. */
    NOT_MODIFIED,
    /** {@code 412 Precondition Failed}. */
    PRECONDITION_FAILED
  }

  private Preconditions() {}

  /**
   * Evaluates {@code If-Match}, {@code If-Unmodified-Since}, {@code If-None-Match} and {@code
   * If-Modified-Since} in the order of RFC 9110 §13.2.2, for a representation that exists.
   */
  public static Decision evaluate(
      String method, HttpFields headers, String entityTag, Instant lastModified) {
    boolean getOrHead = method.equals("GET") || method.equals("HEAD");
    // 1. If-Match; 2. otherwise If-Unmodified-Since
    Condition ifMatch = checkIfMatch(headers.all("If-Match"), entityTag);
    if (ifMatch == Condition.FALSE) {
      return Decision.PRECONDITION_FAILED;
    }
    if (ifMatch == Condition.NONE
        && checkIfUnmodifiedSince(headers.all("If-Unmodified-Since"), lastModified)
            == Condition.FALSE) {
      return Decision.PRECONDITION_FAILED;
    }
    // 3. If-None-Match; 4. otherwise If-Modified-Since, for GET and HEAD only
    Condition ifNoneMatch = checkIfNoneMatch(headers.all("If-None-Match"), entityTag);
    if (ifNoneMatch == Condition.FALSE) {
      return getOrHead ? Decision.NOT_MODIFIED : Decision.PRECONDITION_FAILED;
    }
    if (ifNoneMatch == Condition.NONE
        && getOrHead
        && checkIfModifiedSince(headers.all("If-Modified-Since"), lastModified)
            == Condition.FALSE) {
      return Decision.NOT_MODIFIED;
    }
    return Decision.PROCEED;
  }

  /**
   * {@code If-Match} (§13.1.1): true for {@code *} or a member matching {@code current} by strong
   * comparison; false otherwise (a weak member never matches).
   */
  public static Condition checkIfMatch(List<String> fieldLines, String current) {
    if (fieldLines.isEmpty()) {
      return Condition.NONE;
    }
    return EntityTags.listMatches(fieldLines, current, true) ? Condition.TRUE : Condition.FALSE;
  }

  /**
   * {@code If-None-Match} (§13.1.2): false for {@code *} or a member matching {@code current} by
   * weak comparison; true otherwise.
   */
  public static Condition checkIfNoneMatch(List<String> fieldLines, String current) {
    if (fieldLines.isEmpty()) {
      return Condition.NONE;
    }
    return EntityTags.listMatches(fieldLines, current, false) ? Condition.FALSE : Condition.TRUE;
  }

  /**
   * {@code If-Modified-Since} (§13.1.3): false when the representation has not changed since the
   * date. Ignored (NONE) if it is not a single valid HTTP-date.
   */
  public static Condition checkIfModifiedSince(List<String> fieldLines, Instant lastModified) {
    Optional<Instant> since = singleDate(fieldLines);
    if (since.isEmpty()) {
      return Condition.NONE;
    }
    return lastModified.getEpochSecond() <= since.get().getEpochSecond()
        ? Condition.FALSE
        : Condition.TRUE;
  }

  /**
   * {@code If-Unmodified-Since} (§13.1.4): false when the representation changed after the date.
   * Ignored (NONE) if it is not a single valid HTTP-date.
   */
  public static Condition checkIfUnmodifiedSince(List<String> fieldLines, Instant lastModified) {
    Optional<Instant> since = singleDate(fieldLines);
    if (since.isEmpty()) {
      return Condition.NONE;
    }
    return lastModified.getEpochSecond() > since.get().getEpochSecond()
        ? Condition.FALSE
        : Condition.TRUE;
  }

  /**
   * {@code If-Range} (§13.1.5): true when the {@code Range} may be honoured. An entity-tag must
   * match by strong comparison (a weak one never does); a date must equal the modification time
   * exactly. Anything else — a list, a malformed value — is false, so the whole representation is
   * sent, which is always safe. NONE when absent.
   */
  public static Condition checkIfRange(
      List<String> fieldLines, String current, Instant lastModified) {
    if (fieldLines.isEmpty()) {
      return Condition.NONE;
    }
    if (fieldLines.size() > 1) {
      return Condition.FALSE;
    }
    String value = fieldLines.get(0).strip();
    if (EntityTags.isEntityTag(value)) {
      return EntityTags.strongMatch(value, current) ? Condition.TRUE : Condition.FALSE;
    }
    Optional<Instant> date = HttpDateParser.parse(value);
    return date.isPresent() && date.get().getEpochSecond() == lastModified.getEpochSecond()
        ? Condition.TRUE
        : Condition.FALSE;
  }

  private static Optional<Instant> singleDate(List<String> fieldLines) {
    return fieldLines.size() == 1
        ? HttpDateParser.parse(fieldLines.get(0).strip())
        : Optional.empty();
  }
}
