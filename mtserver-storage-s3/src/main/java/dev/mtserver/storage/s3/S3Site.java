package dev.mtserver.storage.s3;

import dev.mtserver.domain.content.ContentCoding;
import dev.mtserver.domain.content.DirectoryEntry;
import dev.mtserver.domain.content.LoadResourcePort;
import dev.mtserver.domain.content.MediaTypes;
import dev.mtserver.domain.content.Resource;
import dev.mtserver.domain.content.SiteEntry;
import dev.mtserver.domain.path.InvalidSitePathException;
import dev.mtserver.domain.path.SitePath;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link LoadResourcePort} over a bucket prefix: the site path {@code /docs/a.html} is the object
 * {@code PREFIX/docs/a.html}, and a "directory" is a prefix with objects below it ({@code
 * PREFIX/docs/}), or the location's prefix itself, which is always the site root.
 *
 * <p>The rules are those of the file-system adapter: a path with any hidden segment ({@code .git},
 * {@code .env}; not {@code .well-known}) is not found and hidden names are never listed, nor names
 * no URL can reach ({@code a//b}, a backslash, a control character). Media types come from the name
 * ({@link MediaTypes}), never from the object's stored {@code Content-Type}. The store's own {@code
 * ETag} is the entity tag, and its {@code Last-Modified} the modification time.
 *
 * <p>What it asks the store: {@code find} costs a {@code HeadObject}, plus a one-key {@code
 * ListObjectsV2} when no object has that name (is it a directory?); a file's two precompressed
 * siblings cost a {@code HeadObject} each. Every answer, a missing object included, is remembered
 * for the metadata TTL ({@link MetadataCache}), so a hot file costs no request at all within it.
 * Bytes are read only when the HTTP layer asks for them, by one ranged {@code GetObject} streamed
 * through a small buffer ({@link ObjectContent}). Listings are not remembered: each is one {@code
 * ListObjectsV2} per 1,000 keys.
 */
public final class S3Site implements LoadResourcePort {

  /** How long a metadata answer is believed by default: a change shows within this much. */
  public static final Duration DEFAULT_METADATA_TTL = Duration.ofSeconds(2);

  /** How many answers of each kind are remembered by default. */
  public static final int DEFAULT_METADATA_ENTRIES = 10_000;

  /** Keys per {@code ListObjectsV2} page (S3's own maximum). */
  static final int PAGE_SIZE = 1_000;

  /**
   * Pages one listing may read beyond those the limit needs: hidden or unreachable names are
   * skipped, and a prefix full of them must not cost a request per 1,000 of them forever.
   */
  static final int EXTRA_PAGES = 4;

  private final S3Client client;
  private final S3Location location;
  private final S3Failures failures;
  private final MetadataCache cache;

  /** A site with the default metadata cache ({@link #DEFAULT_METADATA_TTL}). */
  public S3Site(S3Connection store, S3Location location) {
    this(store, location, DEFAULT_METADATA_TTL, DEFAULT_METADATA_ENTRIES);
  }

  /**
   * @param metadataTtl how long an answer is believed; {@link Duration#ZERO} asks the store every
   *     time
   * @param metadataEntries how many answers of each kind are kept at most
   */
  public S3Site(
      S3Connection store, S3Location location, Duration metadataTtl, int metadataEntries) {
    Objects.requireNonNull(store, "store");
    this.location = Objects.requireNonNull(location, "location");
    this.client = store.client();
    this.failures = store.failures(location);
    this.cache = new MetadataCache(metadataTtl, metadataEntries);
  }

  public S3Location location() {
    return location;
  }

  @Override
  public Optional<SiteEntry> find(SitePath path) throws IOException {
    if (path.hasHiddenSegment()) {
      return Optional.empty();
    }
    if (path.isRoot()) {
      return Optional.of(new SiteEntry.Directory(SitePath.ROOT));
    }
    SitePath file = path.asFile();
    Optional<ObjectMeta> meta = head(location.keyOf(file));
    if (meta.isPresent()) {
      return Optional.of(new SiteEntry.File(resource(file, meta.get())));
    }
    if (isDirectory(location.directoryPrefixOf(file))) {
      return Optional.of(new SiteEntry.Directory(path.asDirectory()));
    }
    return Optional.empty();
  }

  /**
   * Looks for {@code app.js.br} and {@code app.js.gz} as objects beside {@code app.js}, through the
   * same metadata cache: two {@code HeadObject}s per file per TTL, none within it. (The domain
   * never asks in the upload area.)
   */
  @Override
  public Map<ContentCoding, Resource> findPrecompressed(Resource file) throws IOException {
    Map<ContentCoding, Resource> found = new EnumMap<>(ContentCoding.class);
    for (ContentCoding coding : ContentCoding.values()) {
      SitePath sibling = file.path().parent().child(file.path().fileName() + coding.fileSuffix());
      Optional<ObjectMeta> meta = head(location.keyOf(sibling));
      if (meta.isPresent()) {
        found.put(coding, resource(sibling, meta.get()));
      }
    }
    return found;
  }

  @Override
  public List<DirectoryEntry> list(SitePath directory, int limit) throws IOException {
    List<DirectoryEntry> entries = new ArrayList<>();
    if (directory.hasHiddenSegment() || limit <= 0) {
      return entries;
    }
    String prefix = location.directoryPrefixOf(directory);
    int maxPages = (limit + PAGE_SIZE - 1) / PAGE_SIZE + EXTRA_PAGES;
    String continuation = null;
    for (int page = 0; page < maxPages && entries.size() < limit; page++) {
      ListObjectsV2Response response = listPage(prefix, continuation, PAGE_SIZE);
      for (CommonPrefix common : response.commonPrefixes()) {
        String name = common.prefix().substring(prefix.length(), common.prefix().length() - 1);
        if (entries.size() < limit && isListable(name)) {
          entries.add(new DirectoryEntry(name, true, 0, Instant.EPOCH)); // a prefix has no time
        }
      }
      for (S3Object object : response.contents()) {
        String name = object.key().substring(prefix.length());
        if (entries.size() < limit && isListable(name)) {
          entries.add(new DirectoryEntry(name, false, object.size(), object.lastModified()));
        }
      }
      if (!Boolean.TRUE.equals(response.isTruncated())) {
        break;
      }
      continuation = response.nextContinuationToken();
    }
    return entries;
  }

  /**
   * Visible and reachable by a URL: not hidden, not empty (a "folder" marker object), no slash
   * inside.
   */
  private static boolean isListable(String name) {
    if (name.isEmpty() || SitePath.isHiddenName(name)) {
      return false;
    }
    try {
      SitePath.ROOT.child(name);
      return true;
    } catch (InvalidSitePathException e) {
      return false;
    }
  }

  private Resource resource(SitePath path, ObjectMeta meta) {
    String key = location.keyOf(path);
    return new Resource(
        path,
        meta.size(),
        MediaTypes.forPath(path),
        meta.validator(),
        new ObjectSource(client, location.bucket(), key, meta, failures, () -> cache.forget(key)));
  }

  private Optional<ObjectMeta> head(String key) throws IOException {
    return cache.object(
        key,
        () -> {
          try {
            HeadObjectResponse head = client.headObject(b -> b.bucket(location.bucket()).key(key));
            return Optional.of(
                ObjectMeta.of(head.contentLength(), head.lastModified(), head.eTag()));
          } catch (SdkException e) {
            if (S3Failures.isStatus(e, 404)) {
              return Optional.empty();
            }
            throw failures.translate("HEAD " + key, e);
          }
        });
  }

  private boolean isDirectory(String prefix) throws IOException {
    return cache.prefixHasObjects(
        prefix,
        () -> {
          ListObjectsV2Response response = listPage(prefix, null, 1);
          return !response.contents().isEmpty() || !response.commonPrefixes().isEmpty();
        });
  }

  private ListObjectsV2Response listPage(String prefix, String continuation, int maxKeys)
      throws IOException {
    try {
      return client.listObjectsV2(
          b ->
              b.bucket(location.bucket())
                  .prefix(prefix)
                  .delimiter("/")
                  .maxKeys(maxKeys)
                  .continuationToken(continuation));
    } catch (SdkException e) {
      throw failures.translate("LIST " + prefix, e);
    }
  }
}
