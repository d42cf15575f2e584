package dev.mtserver.domain.content;

import com.google.common.collect.ImmutableList;
import dev.mtserver.domain.path.SitePath;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The answer of {@link ServeContentUseCase}: one case per thing a client can be told. */
public sealed interface ContentOutcome {

  /**
   * Send this representation of a file.
   *
   * @param resource the bytes to send: the file itself, or its precompressed sibling (whose media
   *     type is then the original file's)
   * @param coding the content coding of {@code resource}; empty for the file as stored
   * @param variesByCoding true when a precompressed sibling exists, so the answer depends on the
   *     client's {@code Accept-Encoding} even if this one got the plain file
   * @param origin whether the bytes are the site's own or an upload's: an upload is handed out as
   *     data (see {@link ContentOrigin})
   */
  record Found(
      Resource resource,
      Optional<ContentCoding> coding,
      boolean variesByCoding,
      ContentOrigin origin)
      implements ContentOutcome {

    public Found {
      Objects.requireNonNull(resource, "resource");
      Objects.requireNonNull(coding, "coding");
      Objects.requireNonNull(origin, "origin");
      if (origin == ContentOrigin.UPLOAD && (coding.isPresent() || variesByCoding)) {
        throw new IllegalArgumentException("an upload has no precompressed variants");
      }
    }

    /** A representation of one of the site's own files. */
    public Found(Resource resource, Optional<ContentCoding> coding, boolean variesByCoding) {
      this(resource, coding, variesByCoding, ContentOrigin.SITE);
    }

    /** The site's own plain file, with no precompressed sibling. */
    public Found(Resource resource) {
      this(resource, Optional.empty(), false);
    }

    /** An uploaded file, exactly as it was stored. */
    public static Found upload(Resource resource) {
      return new Found(resource, Optional.empty(), false, ContentOrigin.UPLOAD);
    }

    /** True when the bytes are an upload's, to be handed out as data. */
    public boolean isUpload() {
      return origin == ContentOrigin.UPLOAD;
    }

    /**
     * The strong entity tag of this representation: the tag the store gives the file, marked with
     * the coding so that the gzip and plain representations never share a tag (RFC 9110 §8.8.3).
     */
    public EntityTag entityTag() {
      EntityTag tag = resource.validator().entityTag();
      return coding.map(tag::withCoding).orElse(tag);
    }
  }

  /** The path names a directory but lacks the trailing slash: redirect to {@code location}. */
  record RedirectToDirectory(SitePath location) implements ContentOutcome {}

  /**
   * A directory without an index page, listed because listings are enabled. Every directory of the
   * upload area is listed this way (or not found), whatever it holds: an uploaded {@code
   * index.html} is never a directory's page.
   *
   * @param directory the directory, in directory form
   * @param entries its visible entries, directories first, then by name; at most {@link
   *     StaticContentService#LISTING_LIMIT}
   * @param cutOff true when the directory holds more visible entries than {@code entries}
   * @param origin {@link ContentOrigin#UPLOAD} for a directory of the upload area: the names are a
   *     stranger's
   */
  record Listing(
      SitePath directory, List<DirectoryEntry> entries, boolean cutOff, ContentOrigin origin)
      implements ContentOutcome {
    public Listing {
      Objects.requireNonNull(directory, "directory");
      Objects.requireNonNull(origin, "origin");
      entries = ImmutableList.copyOf(entries);
    }

    /** A complete listing of one of the site's own directories. */
    public Listing(SitePath directory, List<DirectoryEntry> entries) {
      this(directory, entries, false, ContentOrigin.SITE);
    }

    /** True for a directory of the upload area. */
    public boolean isUpload() {
      return origin == ContentOrigin.UPLOAD;
    }
  }

  /**
   * A server-side script such as {@code page.php}. Its source is never sent; only a script runner
   * may answer for it.
   */
  record Script(SitePath path) implements ContentOutcome {}

  /** Nothing to serve, for whatever reason; the reason is deliberately not said. */
  record NotFound() implements ContentOutcome {}
}
