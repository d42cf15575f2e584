package dev.mtserver.domain.access;

/** Which requests need credentials ({@code --auth-scope}): the site decides, not the protocol. */
public enum AccessScope {
  /**
   * Every request that may change state (form posts, uploads, {@code PUT}, {@code PATCH}, {@code
   * DELETE}, anything not known to be safe) needs credentials; reads are open.
   */
  WRITES,
  /** Every request needs credentials, reads too, except the paths kept open (the health check). */
  ALL
}
