package dev.mtserver.domain.content;

/** Whether a directory without an index page is listed or reported as not found. */
public enum DirectoryListings {
  /** A directory without {@code index.html} is not found (the default, as in nginx). */
  DISABLED,
  /** A directory without {@code index.html} is listed. */
  ENABLED
}
