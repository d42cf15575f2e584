package dev.mtserver.app.cli;

import dev.mtserver.app.Directories;
import dev.mtserver.app.SharedStorage;
import dev.mtserver.storage.postgres.PostgresConfig;
import dev.mtserver.storage.s3.S3Config;
import dev.mtserver.storage.s3.S3Location;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Option;

/**
 * The flags of stores several instances can share (issue 15, ADR 0042): the database for
 * submissions and how to reach an S3-compatible object store. Whether the site and its uploads are
 * in a bucket is said by {@code --root s3://...} and {@code --uploads s3://...}, which stay with
 * the other directory flags; {@link #settings} reads them together.
 */
final class SharedStorageOptions {

  /** The scheme that puts {@code --root} or {@code --uploads} in a bucket. */
  static final String S3_SCHEME = "s3://";

  /**
   * The database password as an environment variable of its own: never a flag, so that it never
   * shows in {@code ps} (LayeredDefaults does not warn about it).
   */
  static final String DB_PASSWORD_VARIABLE = "MTSERVER_DB_PASSWORD";

  @Option(
      names = "--submissions",
      paramLabel = "jdbc:postgresql://HOST:PORT/DB",
      description = {
        "Record form submissions in this PostgreSQL database (the table is created if missing)"
            + " instead of DATA/submissions.jsonl. User and password from the URL's ?user= and"
            + " ?password=, else --db-password-file, "
            + DB_PASSWORD_VARIABLE
            + ", PGUSER and"
            + " PGPASSWORD.",
        "Default: DATA/submissions.jsonl"
      },
      showDefaultValue = Visibility.NEVER)
  String submissions;

  @Option(
      names = "--db-password-file",
      paramLabel = "FILE",
      description = {
        "Read the database password from this file (its first line), for --submissions.",
        "Default: none"
      },
      showDefaultValue = Visibility.NEVER)
  Path dbPasswordFile;

  @Option(
      names = "--s3-endpoint",
      paramLabel = "URL",
      description = {
        "The S3-compatible object store to use for s3:// locations (MinIO, Ceph, Garage, R2,"
            + " S3Proxy), with path-style addressing; credentials from the AWS SDK's default"
            + " chain (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile, an instance role).",
        "Default: AWS S3"
      },
      showDefaultValue = Visibility.NEVER)
  String s3Endpoint;

  @Option(
      names = "--s3-region",
      paramLabel = "REGION",
      description = "The object store's region, for s3:// locations.")
  String s3Region = S3Config.DEFAULT_REGION;

  static boolean isBucket(String location) {
    return location != null && location.regionMatches(true, 0, S3_SCHEME, 0, S3_SCHEME.length());
  }

  /**
   * The shared stores these flags and {@code root}/{@code uploads} name.
   *
   * @param root {@code --root} as given
   * @param uploads {@code --uploads} as given, or null
   * @param environment the process environment (PGUSER, PGPASSWORD, {@value #DB_PASSWORD_VARIABLE})
   * @throws BadOption naming the flag and what is wrong, on one line
   */
  SharedStorage settings(String root, String uploads, Map<String, String> environment)
      throws BadOption {
    Optional<S3Location> site = Optional.empty();
    Optional<S3Location> uploadsBucket = Optional.empty();
    if (isBucket(root)) {
      site = Optional.of(location("--root", root));
      if (uploads == null) { // ROOT/downloads/, as on disk
        uploadsBucket =
            Optional.of(
                location(
                    "--root",
                    S3_SCHEME
                        + site.get().bucket()
                        + "/"
                        + site.get().prefix()
                        + Directories.DEFAULT_UPLOADS
                        + "/"));
      } else if (isBucket(uploads)) {
        uploadsBucket = Optional.of(location("--uploads", uploads));
      } // else a directory on this host, mounted at /downloads/ of the site in the bucket
    } else if (isBucket(uploads)) { // a site on this disk, its uploads mounted from the bucket
      uploadsBucket = Optional.of(location("--uploads", uploads));
    }
    S3Config s3 = S3Config.defaults();
    if (s3Endpoint != null) {
      try {
        s3 = s3.withEndpoint(new URI(s3Endpoint));
      } catch (URISyntaxException | IllegalArgumentException e) {
        throw new BadOption("--s3-endpoint", "'" + s3Endpoint + "' is not an http(s) URL");
      }
    }
    try {
      s3 = s3.withRegion(s3Region);
    } catch (IllegalArgumentException e) {
      throw new BadOption("--s3-region", e.getMessage());
    }
    return new SharedStorage(site, uploadsBucket, s3, database(environment));
  }

  private Optional<PostgresConfig> database(Map<String, String> environment) throws BadOption {
    if (submissions == null) {
      if (dbPasswordFile != null) {
        throw new BadOption("--db-password-file", "needs --submissions");
      }
      return Optional.empty();
    }
    Map<String, String> credentials = new HashMap<>(environment);
    String password = environment.get(DB_PASSWORD_VARIABLE);
    if (dbPasswordFile != null) {
      try {
        password =
            Files.readAllLines(dbPasswordFile, StandardCharsets.UTF_8).stream()
                .findFirst()
                .orElse("");
      } catch (IOException | java.io.UncheckedIOException e) {
        throw new BadOption(
            "--db-password-file", "cannot read '" + dbPasswordFile + "': " + e.getMessage());
      }
    }
    if (password != null) {
      credentials.put("PGPASSWORD", password); // the URL's own ?password= still wins
    }
    try {
      return Optional.of(PostgresConfig.fromJdbcUrl(submissions, credentials));
    } catch (IllegalArgumentException e) {
      throw new BadOption("--submissions", e.getMessage());
    }
  }

  private static S3Location location(String flag, String value) throws BadOption {
    try {
      return S3Location.parse(value);
    } catch (IllegalArgumentException e) { // InvalidS3LocationException among them
      throw new BadOption(flag, e.getMessage());
    }
  }

  /** A flag's value that cannot be used: the command line reports it and exits 2. */
  static final class BadOption extends Exception {
    private static final long serialVersionUID = 1L;
    private final String flag;

    BadOption(String flag, String message) {
      super(message);
      this.flag = flag;
    }

    String flag() {
      return flag;
    }
  }
}
