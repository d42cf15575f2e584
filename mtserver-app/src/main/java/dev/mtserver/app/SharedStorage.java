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
 *     the site is in a bucket and no uploads location is given, {@code SITE/downloads/}. Either may
 *     be in a bucket while the other stays on this host's disk (a mixed layout): the uploads are
 *     then mounted at {@code /downloads/} of the site, wherever each is kept
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

  /** Whether the site is a directory on this host (PHP can run only then). */
  public boolean siteOnThisHost() {
    return site.isEmpty();
  }

  /**
   * Whether the site and its uploads are kept apart, one in a bucket and the other on this host's
   * disk: the uploads are then mounted at {@code /downloads/} of the site.
   */
  public boolean mixed() {
    return site.isPresent() != uploads.isPresent();
  }

  /** Whether a store outside this host is used, so that {@code /healthz} asks it. */
  public boolean anyRemote() {
    return site.isPresent() || uploads.isPresent() || submissions.isPresent();
  }
}
