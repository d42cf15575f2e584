package dev.mtserver.http.conditional;

/** The result of evaluating one precondition header field against the current representation. */
public enum Condition {
  /** The field is absent (or, where RFC 9110 says so, must be ignored). */
  NONE,
  /** The field is present and its condition holds. */
  TRUE,
  /** The field is present and its condition does not hold. */
  FALSE
}
