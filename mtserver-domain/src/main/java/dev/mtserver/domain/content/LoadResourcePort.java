package dev.mtserver.domain.content;

import dev.mtserver.domain.path.SitePath;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Outbound port: the store that holds the site's files — a directory on disk, a bucket prefix — as
 * the static-content use case asks it. What an implementation must provide, and may assume:
 *
 * <ul>
 *   <li><b>One containment rule.</b> An entry outside the site (through a symbolic link, say), a
 *       hidden entry ({@link SitePath#isHiddenName}), or anything that is neither a regular file
 *       nor a directory is reported as empty, exactly like a missing one, and left out of listings.
 *   <li><b>Its own validators.</b> Each {@link Resource} carries the {@link Validator} the store
 *       gives that version of the file: a tag the store keeps (an object store's {@code ETag}), or
 *       one made from what it has ({@link Validator#fromModification}). Servers sharing a store
 *       must make the same validator for the same bytes.
 *   <li><b>Bytes on demand.</b> Looking up reads no content; a {@link Resource}'s {@link
 *       ContentSource} reads it when the HTTP layer sends the body (see {@link OpenContent} for how
 *       it is read).
 *   <li><b>Cheap look-ups.</b> Every GET costs one {@link #find} (two for a directory's index page)
 *       and, for a file outside the upload area, one {@link #findPrecompressed}: an implementation
 *       whose look-ups cross a network keeps a short metadata cache.
 *   <li><b>The domain's failures.</b> Methods throw {@link
 *       dev.mtserver.domain.store.StoreUnavailableException} when the store cannot answer now (the
 *       HTTP layer answers 502 or 504), never the store's own exception types; any other {@link
 *       IOException} is a fault (500).
 * </ul>
 */
public interface LoadResourcePort {

  /** What {@code path} names, if it is a visible file or directory inside the site. */
  Optional<SiteEntry> find(SitePath path) throws IOException;

  /**
   * The visible entries of the directory {@code directory}, in no particular order, at most {@code
   * limit} of them; empty if it is not a visible directory.
   */
  List<DirectoryEntry> list(SitePath directory, int limit) throws IOException;

  /**
   * The precompressed variants of {@code file}, a resource this store's {@link #find} just
   * returned: for each {@link ContentCoding}, the visible regular file named like it plus the
   * coding's suffix ({@code app.js.gz} beside {@code app.js}), if there is one. The domain decides
   * whether one may stand in for the file (never in the upload area; never when older).
   *
   * <p>Asked on every GET of a file outside the upload area, so it must cost next to nothing for
   * the common file that has none, and must never walk the path again: an implementation answers
   * from what its look-up already learned (the file system looks in the directory its walk found
   * the file in, and remembers for a second a file found without variants), or from its metadata
   * cache; a store that keeps no variants returns an empty map without asking anything.
   */
  Map<ContentCoding, Resource> findPrecompressed(Resource file) throws IOException;
}
