package dev.mtserver.domain.path;

import com.google.common.base.Ascii;
import com.google.common.collect.ImmutableList;
import com.google.common.escape.Escaper;
import com.google.common.net.UrlEscapers;
import java.util.List;
import java.util.Optional;

/**
 * A decoded, normalised path inside the site, such as {@code /docs/guide.html} or {@code /docs/}.
 *
 * <p>It is a list of segments plus one bit: whether the path ends with a slash (a request for a
 * directory). Every segment is checked on the way in, so a {@code SitePath} can never climb above
 * the root: segments are never empty, never {@code .} or {@code ..}, and never contain {@code /},
 * {@code \}, NUL or another control character. Values are immutable and compare by content.
 */
public final class SitePath {

  /** The site root, {@code /}. */
  public static final SitePath ROOT = new SitePath(ImmutableList.of(), true);

  private static final String WELL_KNOWN = ".well-known";
  private static final Escaper SEGMENT_ESCAPER = UrlEscapers.urlPathSegmentEscaper();

  private final ImmutableList<String> segments;
  private final boolean directoryForm;

  private SitePath(ImmutableList<String> segments, boolean directoryForm) {
    this.segments = segments;
    this.directoryForm = directoryForm || segments.isEmpty();
  }

  /**
   * Builds a path from already-decoded segments.
   *
   * @param trailingSlash whether the path ends with {@code /}
   * @throws InvalidSitePathException if any segment is not a plain file name
   */
  public static SitePath of(List<String> segments, boolean trailingSlash) {
    for (String segment : segments) {
      checkSegment(segment);
    }
    return new SitePath(ImmutableList.copyOf(segments), trailingSlash);
  }

  /**
   * Parses an already-decoded absolute path such as {@code /a/b/}. Repeated slashes collapse (as
   * nginx's {@code merge_slashes} does); anything else that {@link #of} refuses is refused here.
   */
  public static SitePath parse(String decodedPath) {
    if (!decodedPath.startsWith("/")) {
      throw new InvalidSitePathException("a site path starts with '/'");
    }
    ImmutableList.Builder<String> segments = ImmutableList.builder();
    int start = 1;
    for (int i = 1; i <= decodedPath.length(); i++) {
      if (i == decodedPath.length() || decodedPath.charAt(i) == '/') {
        if (i > start) {
          String segment = decodedPath.substring(start, i);
          checkSegment(segment);
          segments.add(segment);
        }
        start = i + 1;
      }
    }
    return new SitePath(segments.build(), decodedPath.endsWith("/"));
  }

  private static void checkSegment(String segment) {
    if (segment.isEmpty()) {
      throw new InvalidSitePathException("empty path segment");
    }
    if (segment.equals(".") || segment.equals("..")) {
      throw new InvalidSitePathException("dot segment in path");
    }
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '/' || c == '\\' || c < 0x20 || c == 0x7f) {
        throw new InvalidSitePathException("forbidden character in path segment");
      }
    }
  }

  /** The decoded segments, root first; empty for the root. */
  public ImmutableList<String> segments() {
    return segments;
  }

  public boolean isRoot() {
    return segments.isEmpty();
  }

  /** True when the path ends with {@code /}, which asks for a directory. The root always does. */
  public boolean isDirectoryForm() {
    return directoryForm;
  }

  /** The last segment, or the empty string for the root. */
  public String fileName() {
    return segments.isEmpty() ? "" : segments.get(segments.size() - 1);
  }

  /** The lower-case extension of the last segment without the dot ({@code "html"}), if any. */
  public Optional<String> extension() {
    String name = fileName();
    int dot = name.lastIndexOf('.');
    if (dot <= 0 || dot == name.length() - 1) {
      return Optional.empty();
    }
    return Optional.of(Ascii.toLowerCase(name.substring(dot + 1)));
  }

  /**
   * True when any segment is a hidden name ({@code .git}, {@code .env}; see {@link #isHiddenName}):
   * such paths are never served or listed.
   */
  public boolean hasHiddenSegment() {
    for (String segment : segments) {
      if (isHiddenName(segment)) {
        return true;
      }
    }
    return false;
  }

  /**
   * True for a file name that starts with a dot, the Unix convention for "not for show" ({@code
   * .git}, {@code .env}, {@code .htpasswd}) — except {@code .well-known}, the one dot-directory the
   * web defines for publishing (RFC 8615: ACME challenges, {@code security.txt}).
   */
  public static boolean isHiddenName(String name) {
    return !name.isEmpty() && name.charAt(0) == '.' && !name.equals(WELL_KNOWN);
  }

  /**
   * The directory holding this path, in directory form: {@code /docs/} for {@code /docs/a.html} and
   * for {@code /docs/img/}. The root is its own parent.
   */
  public SitePath parent() {
    return segments.isEmpty() ? this : new SitePath(segments.subList(0, segments.size() - 1), true);
  }

  /** This path with one more segment; the result is a file-form path. */
  public SitePath child(String segment) {
    checkSegment(segment);
    return new SitePath(
        ImmutableList.<String>builderWithExpectedSize(segments.size() + 1)
            .addAll(segments)
            .add(segment)
            .build(),
        false);
  }

  /** The same segments, ending with a slash. */
  public SitePath asDirectory() {
    return directoryForm ? this : new SitePath(segments, true);
  }

  /** The same segments, without a trailing slash (the root stays the root). */
  public SitePath asFile() {
    return directoryForm && !segments.isEmpty() ? new SitePath(segments, false) : this;
  }

  /** True when {@code prefix}'s segments start this path's segments. */
  public boolean startsWith(SitePath prefix) {
    return segments.size() >= prefix.segments.size()
        && segments.subList(0, prefix.segments.size()).equals(prefix.segments);
  }

  /**
   * The path percent-encoded for use in a URL, a {@code Location} header or an HTML link. It always
   * starts with exactly one slash, so it can never be read as {@code //host}.
   */
  public String toUriPath() {
    StringBuilder out = new StringBuilder();
    for (String segment : segments) {
      out.append('/').append(SEGMENT_ESCAPER.escape(segment));
    }
    if (directoryForm) {
      out.append('/');
    }
    return out.toString();
  }

  /** The decoded path, such as {@code /docs/guide.html}; for logs and messages, not for URLs. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    for (String segment : segments) {
      out.append('/').append(segment);
    }
    if (directoryForm) {
      out.append('/');
    }
    return out.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SitePath other
        && directoryForm == other.directoryForm
        && segments.equals(other.segments);
  }

  @Override
  public int hashCode() {
    return segments.hashCode() * 31 + (directoryForm ? 1 : 0);
  }
}
