package dev.mtserver.storage.s3;

import dev.mtserver.domain.content.EntityTag;
import dev.mtserver.domain.upload.FileNameSanitizer;
import dev.mtserver.domain.upload.PendingUpload;
import dev.mtserver.domain.upload.UploadArea;
import dev.mtserver.domain.upload.named.NamedFileStorePort;
import dev.mtserver.domain.upload.named.NamedPendingUpload;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@link dev.mtserver.domain.upload.UploadStorePort} over a bucket prefix: each file becomes the
 * object {@code PREFIX/NAME}, complete or not at all, never replacing another ({@link
 * S3PendingUpload}, {@link NameClaims}, ADR 0033). Memory is bounded per upload (one part) and for
 * the store as a whole ({@link UploadMemory}); what a crashed instance left is swept when the store
 * opens ({@link StaleUploadSweep}). Thread-safe; each pending upload belongs to one thread.
 *
 * <p>It also takes files by their exact names ({@link NamedFileStorePort}: {@code PUT} and {@code
 * DELETE} of {@code /downloads/NAME}, ADR 0046): the tag is the one {@link S3Site} serves for the
 * object, read from the store itself; a new file, a replacement and a removal hold the name in the
 * claims' folder while they check the object and change it ({@link NamedObjects}).
 */
public final class S3UploadStore implements NamedFileStorePort {

  private static final Logger log = LoggerFactory.getLogger(S3UploadStore.class);

  private final S3Client client;
  private final S3Location location;
  private final S3Failures failures;
  private final UploadSettings settings;
  private final UploadMemory memory;
  private final NameClaims claims;
  private final UploadArea area;
  private final NamedObjects named;

  private S3UploadStore(
      S3Connection store, S3Location location, UploadArea area, UploadSettings settings) {
    this.client = store.client();
    this.location = location;
    this.area = area;
    this.failures = store.failures(location);
    this.settings = settings;
    this.memory = new UploadMemory(settings.memoryBudget(), settings.memoryWait());
    this.claims = new NameClaims(client, location, failures, settings.staleAge());
    this.named = new NamedObjects(client, location, failures, claims);
  }

  /**
   * Opens the upload area at {@code location} and sweeps what dead instances left there (older than
   * {@link UploadSettings#staleAge}).
   *
   * @throws dev.mtserver.domain.store.StoreUnavailableException when the store is down or slow
   * @throws IOException when it refuses (call {@link S3Connection#requireBucket} first for a
   *     message fit for the command line)
   */
  public static S3UploadStore open(S3Connection store, S3Location location, UploadSettings settings)
      throws IOException {
    return open(store, location, UploadArea.outsideSite(), settings);
  }

  /**
   * As {@link #open(S3Connection, S3Location, UploadSettings)}, for the upload area of the site
   * kept at {@code site}: the stored files appear in it where {@code location} lies below it
   * ({@link S3Location#areaWithin}).
   */
  public static S3UploadStore open(
      S3Connection store, S3Location location, S3Location site, UploadSettings settings)
      throws IOException {
    return open(
        store, location, location.areaWithin(Objects.requireNonNull(site, "site")), settings);
  }

  /**
   * As {@link #open(S3Connection, S3Location, UploadSettings)}, for uploads that appear in the site
   * at {@code area} wherever the site is kept: the app mounts them there when the site is a
   * directory on this host (ADR 0042).
   */
  public static S3UploadStore open(
      S3Connection store, S3Location location, UploadArea area, UploadSettings settings)
      throws IOException {
    S3UploadStore uploads =
        new S3UploadStore(
            Objects.requireNonNull(store, "store"),
            Objects.requireNonNull(location, "location"),
            area,
            Objects.requireNonNull(settings, "settings"));
    StaleUploadSweep.Result swept =
        StaleUploadSweep.run(uploads.client, location, uploads.failures, settings.staleAge());
    if (swept.abortedUploads() > 0 || swept.removedClaims() > 0) {
      log.info(
          "Removed {} unfinished upload(s) and {} name claim(s) left in {}",
          swept.abortedUploads(),
          swept.removedClaims(),
          location);
    }
    if (swept.uploadsLeftInFlight() > 0) {
      log.info(
          "Left {} upload(s) in flight in {}: their claims are fresh (another instance's, perhaps)",
          swept.uploadsLeftInFlight(),
          location);
    }
    return uploads;
  }

  public S3Location location() {
    return location;
  }

  /** Sends nothing yet: memory is taken as bytes arrive, the name claimed when they are stored. */
  @Override
  public PendingUpload begin(String safeName) {
    if (!FileNameSanitizer.sanitize(safeName).equals(safeName)) {
      throw new IllegalArgumentException("not a sanitised name");
    }
    return new S3PendingUpload(
        client, location, failures, claims, safeName, new PartBuffer(memory, settings.partSize()));
  }

  /**
   * Sends nothing yet, as {@link #begin}; the name is held when the first part is full or at
   * commit, and never exchanged for another.
   */
  @Override
  public NamedPendingUpload beginNamed(String name) {
    if (!NamedObjects.isFileName(name)) {
      throw new IllegalArgumentException("not a sanitised name");
    }
    return S3PendingUpload.named(
        client,
        location,
        failures,
        claims,
        name,
        new PartBuffer(memory, settings.partSize()),
        named);
  }

  /**
   * The tag {@link S3Site} serves for the object {@code name}: its {@code ETag} (or, from a store
   * that sends none, one made from its time and size), read from the store, not from a cache.
   */
  @Override
  public Optional<EntityTag> entityTag(String name) throws IOException {
    return named.entityTag(name);
  }

  @Override
  public void delete(String name, Optional<EntityTag> expected) throws IOException {
    named.delete(name, expected);
  }

  /** Where the stored objects appear in the site, as the site's location said when it opened. */
  @Override
  public UploadArea area() {
    return area;
  }

  /** An object store does not say how much it can still take. */
  @Override
  public long usableSpace() {
    return Long.MAX_VALUE;
  }

  /** Chunks of upload memory free now (each {@value UploadMemory#CHUNK_BYTES} bytes); for tests. */
  int freeMemoryChunks() {
    return memory.available();
  }
}
