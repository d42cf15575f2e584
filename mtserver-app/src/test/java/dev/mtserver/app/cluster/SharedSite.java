package dev.mtserver.app.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.mtserver.app.testing.RunningJar;
import dev.mtserver.storage.postgres.testing.TemporaryPostgres;
import dev.mtserver.storage.s3.testing.S3ProxyServer;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One site shared by instances: a bucket {@value #BUCKET} in S3Proxy with the site below {@code
 * www/}, a database on the run's PostgreSQL, and the command line that starts a real jar on both.
 */
final class SharedSite implements AutoCloseable {

  static final String BUCKET = "site";
  static final String SITE = "s3://" + BUCKET + "/www/";

  final S3ProxyServer store;
  final S3Client bucket;
  final TemporaryPostgres postgres;
  final String database;

  private SharedSite(
      S3ProxyServer store, S3Client bucket, TemporaryPostgres postgres, String database) {
    this.store = store;
    this.bucket = bucket;
    this.postgres = postgres;
    this.database = database;
  }

  static SharedSite create(TemporaryPostgres postgres) throws Exception {
    S3ProxyServer store = S3ProxyServer.start();
    store.createBucket(BUCKET);
    S3Client bucket =
        S3Client.builder()
            .endpointOverride(store.endpoint())
            .forcePathStyle(true)
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)))
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .build();
    SharedSite site = new SharedSite(store, bucket, postgres, postgres.createDatabase());
    site.put("www/index.html", "<!doctype html><title>one site</title><h1>one site</h1>\n");
    site.put(
        "www/form.html",
        "<!doctype html><title>form</title><form method=post><input name=n></form>\n");
    return site;
  }

  void put(String key, String content) {
    bucket.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString(content, UTF_8));
  }

  /**
   * Starts an instance on the shared bucket and database, its own data directory in {@code dir}.
   */
  RunningJar startInstance(Path dir, String... more) throws Exception {
    Files.createDirectories(dir);
    List<String> args =
        new ArrayList<>(
            List.of(
                "--port",
                "0",
                "--root",
                SITE,
                "--s3-endpoint",
                store.endpoint().toString(),
                "--submissions",
                postgres.jdbcUrl(database) + "?user=" + TemporaryPostgres.USER,
                "--data",
                dir.resolve("data").toString(),
                "--access-log",
                "off",
                "--shutdown-grace",
                "1s"));
    args.addAll(List.of(more));
    return RunningJar.startWithEnvironment(
        dir,
        Map.of(
            "AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY,
            "MTSERVER_DB_PASSWORD", postgres.password()),
        args.toArray(String[]::new));
  }

  static URI awaitUrl(RunningJar jar) throws Exception {
    try {
      return jar.awaitUrl(Duration.ofSeconds(60));
    } catch (Exception e) {
      throw new AssertionError("no URL; stderr: " + jar.stderr(), e);
    }
  }

  /** The {@code n} field of every recorded submission, in the order of the rows. */
  List<String> recordedFields(String name) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection connection = postgres.connect(database);
        Statement sql = connection.createStatement();
        ResultSet rows =
            sql.executeQuery(
                "SELECT f->>'value' FROM mtserver_submissions, jsonb_array_elements(fields) f"
                    + " WHERE f->>'name' = '"
                    + name
                    + "' ORDER BY id")) {
      while (rows.next()) {
        values.add(rows.getString(1));
      }
    }
    return values;
  }

  /** A {@code multipart/form-data} body of one file, as a browser sends it. */
  static byte[] multipart(String boundary, String fileName, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            .getBytes(UTF_8));
    out.writeBytes(content);
    out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(UTF_8));
    return out.toByteArray();
  }

  @Override
  public void close() throws java.io.IOException {
    try (store) {
      bucket.close();
    }
  }
}
