package dev.mtserver.app;

import dev.mtserver.storage.postgres.PostgresConfig;
import dev.mtserver.storage.s3.S3Config;
import dev.mtserver.storage.s3.S3Location;
import java.util.Objects;
import java.util.Optional;

/**
 * Stores that several instances can share, when the command line names them (issue 15, ADR 0042):
 * the site and its uploads in an S3-compatible bucket ({@code --root s3://...}, {@code --uploads
 * s3://...}) and the submission log in PostgreSQL ({@code --submissions jdbc:postgresql://...}).
 * What is not named here stays on this host's disk ({@link Directories}). {@link Adapters} chooses
 * the adapters from this; nothing else in the server looks at it.
 *
 * @param site the bucket location the site is served from, instead of the root directory
 * @param uploads the bucket location uploads are stored in, instead of the uploads directory; when
 *     the site is in a bucket and no uploads location is given, {@code SITE/downloads/}
 * @param s3 how to reach the object store (endpoint, region, credentials, time limits)
 * @param submissions the database the submission log is kept in, instead of {@code
 *     DATA/submissions.jsonl}
 */
public record SharedStorage(
    Optional<S3Location> site,
    Optional<S3Location> uploads,
    S3Config s3,
    Optional<PostgresConfig> submissions) {

  public SharedStorage {
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(uploads, "uploads");
    Objects.requireNonNull(s3, "s3");
    Objects.requireNonNull(submissions, "submissions");
    if (site.isPresent() != uploads.isPresent()) {
      // Either both in a bucket or both on disk: a site on disk could not serve uploads kept in a
      // bucket at /downloads/ (nor could a site in a bucket serve uploads on one host's disk).
      throw new IllegalArgumentException(
          "the site and its uploads must both be in the object store or both on disk");
    }
  }

  /** Everything on this host's disk, as before issue 15. */
  public static SharedStorage none() {
    return new SharedStorage(
        Optional.empty(), Optional.empty(), S3Config.defaults(), Optional.empty());
  }

  /**
   * Whether uploads are kept on this host's disk. Resumable (tus) uploads keep their partial files
   * on this disk, which other instances cannot see: they are offered only when this is true.
   */
  public boolean uploadsOnThisHost() {
    return uploads.isEmpty();
  }

  /** Whether a store outside this host is used, so that {@code /healthz} asks it. */
  public boolean anyRemote() {
    return site.isPresent() || submissions.isPresent();
  }
}
