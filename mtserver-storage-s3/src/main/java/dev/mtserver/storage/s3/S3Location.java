package dev.mtserver.storage.s3;

import com.google.common.base.CharMatcher;
import dev.mtserver.domain.path.InvalidSitePathException;
import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.upload.UploadArea;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Where in an object store a site or an upload area lives: a bucket and a key prefix, written as
 * {@code s3://BUCKET/PREFIX/}. The prefix is empty (the whole bucket) or ends with {@code /}; the
 * site path {@code /docs/a.html} is the key {@code PREFIX + "docs/a.html"}.
 *
 * <p>Bucket names follow the rules every S3-compatible store accepts (AWS's current ones): 3 to 63
 * lower-case letters, digits, hyphens and dots, starting and ending with a letter or a digit, no
 * two dots in a row, not shaped like an IP address. The prefix is taken literally (no percent
 * decoding): segments separated by single slashes, none empty, none {@code .} or {@code ..}, no
 * control character, no backslash, at most {@value #MAX_PREFIX_BYTES} bytes of UTF-8 so that a key
 * below it (a 255-byte name, the adapter's own hidden keys) still fits S3's 1,024 bytes.
 *
 * @param bucket the bucket's name
 * @param prefix {@code ""} or {@code "a/b/"}
 */
public record S3Location(String bucket, String prefix) {

  /** The longest prefix accepted, in bytes of UTF-8. */
  public static final int MAX_PREFIX_BYTES = 512;

  private static final String SCHEME = "s3://";
  private static final CharMatcher BUCKET_CHARS =
      CharMatcher.inRange('a', 'z').or(CharMatcher.inRange('0', '9')).or(CharMatcher.anyOf(".-"));
  private static final CharMatcher LETTER_OR_DIGIT =
      CharMatcher.inRange('a', 'z').or(CharMatcher.inRange('0', '9'));

  public S3Location {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(prefix, "prefix");
    checkBucket(bucket);
    checkPrefix(prefix);
  }

  /**
   * Parses {@code s3://BUCKET/} or {@code s3://BUCKET/PREFIX/} (the final slash may be left out:
   * {@code s3://site/www} is the prefix {@code www/}).
   *
   * @throws InvalidS3LocationException with a one-line message saying what is wrong
   */
  public static S3Location parse(String uri) {
    Objects.requireNonNull(uri, "uri");
    if (uri.length() < SCHEME.length() || !uri.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      throw new InvalidS3LocationException(uri, "an object-store location starts with s3://");
    }
    String rest = uri.substring(SCHEME.length());
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "" : rest.substring(slash + 1);
    if (bucket.isEmpty()) {
      throw new InvalidS3LocationException(uri, "no bucket name after s3://");
    }
    if (CharMatcher.anyOf("?#").matchesAnyOf(path)
        || CharMatcher.anyOf("?#@:").matchesAnyOf(bucket)) {
      throw new InvalidS3LocationException(
          uri, "a location is s3://BUCKET/PREFIX/ with no port, credentials, query or fragment");
    }
    String prefix = path.isEmpty() || path.endsWith("/") ? path : path + "/";
    try {
      return new S3Location(bucket, prefix);
    } catch (IllegalArgumentException e) {
      throw new InvalidS3LocationException(uri, e.getMessage());
    }
  }

  private static void checkBucket(String bucket) {
    if (bucket.length() < 3 || bucket.length() > 63) {
      throw new IllegalArgumentException(
          "bucket name '" + printable(bucket) + "' must be 3 to 63 characters long");
    }
    if (!BUCKET_CHARS.matchesAllOf(bucket)) {
      throw new IllegalArgumentException(
          "bucket name '"
              + printable(bucket)
              + "' may hold only lower-case letters, digits, '-' and '.'");
    }
    if (!LETTER_OR_DIGIT.matches(bucket.charAt(0))
        || !LETTER_OR_DIGIT.matches(bucket.charAt(bucket.length() - 1))) {
      throw new IllegalArgumentException(
          "bucket name '" + bucket + "' must start and end with a letter or a digit");
    }
    if (bucket.contains("..")) {
      throw new IllegalArgumentException("bucket name '" + bucket + "' has two dots in a row");
    }
    if (bucket.matches("\\d+\\.\\d+\\.\\d+\\.\\d+")) {
      throw new IllegalArgumentException("bucket name '" + bucket + "' looks like an IP address");
    }
  }

  private static void checkPrefix(String prefix) {
    if (prefix.isEmpty()) {
      return;
    }
    if (!prefix.endsWith("/")) {
      throw new IllegalArgumentException("prefix '" + printable(prefix) + "' must end with '/'");
    }
    if (prefix.getBytes(StandardCharsets.UTF_8).length > MAX_PREFIX_BYTES) {
      throw new IllegalArgumentException("prefix is longer than " + MAX_PREFIX_BYTES + " bytes");
    }
    for (String segment : prefix.substring(0, prefix.length() - 1).split("/", -1)) {
      if (segment.isEmpty()) {
        throw new IllegalArgumentException(
            "prefix '" + printable(prefix) + "' has an empty segment ('//')");
      }
      if (segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException(
            "prefix '" + printable(prefix) + "' has a '.' or '..' segment");
      }
      if (CharMatcher.javaIsoControl().or(CharMatcher.is('\\')).matchesAnyOf(segment)) {
        throw new IllegalArgumentException(
            "prefix '" + printable(prefix) + "' has a control character or a backslash");
      }
    }
  }

  /** Control characters shown as {@code ?}, so an error message stays one printable line. */
  private static String printable(String text) {
    return CharMatcher.javaIsoControl().replaceFrom(text, '?');
  }

  /**
   * The key of the object a site path names ({@code /docs/a.html} → {@code PREFIX/docs/a.html}).
   */
  public String keyOf(SitePath path) {
    StringBuilder key = new StringBuilder(prefix);
    for (String segment : path.segments()) {
      if (key.length() > prefix.length()) {
        key.append('/');
      }
      key.append(segment);
    }
    return key.toString();
  }

  /**
   * The key prefix of the "directory" a site path names: {@code PREFIX/docs/}, or the prefix itself
   * for the root.
   */
  public String directoryPrefixOf(SitePath path) {
    return path.isRoot() ? prefix : keyOf(path) + "/";
  }

  /**
   * Where this location (an upload area) appears in a site kept at {@code site}: at its prefix
   * below the site's, when it lies in the same bucket below it and no segment of that part is
   * hidden or unreachable by a URL; else nowhere ({@link UploadArea#outsideSite()}).
   */
  public UploadArea areaWithin(S3Location site) {
    if (!bucket.equals(site.bucket) || !prefix.startsWith(site.prefix)) {
      return UploadArea.outsideSite();
    }
    String below = prefix.substring(site.prefix.length());
    List<String> segments =
        below.isEmpty() ? List.of() : List.of(below.substring(0, below.length() - 1).split("/"));
    for (String segment : segments) {
      if (SitePath.isHiddenName(segment)) {
        return UploadArea.outsideSite();
      }
    }
    try {
      return UploadArea.at(SitePath.of(segments, true));
    } catch (InvalidSitePathException e) {
      return UploadArea.outsideSite();
    }
  }

  /** The location as a URI, {@code s3://BUCKET/PREFIX/}, for logs and messages. */
  @Override
  public String toString() {
    return SCHEME + bucket + "/" + prefix;
  }
}
