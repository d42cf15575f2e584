package dev.mtserver.storage.s3;

import dev.mtserver.domain.store.StoreUnavailableException;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * One object store, reached through one thread-safe SDK client with one pool of kept-alive
 * connections: the site and the uploads share it. Opening it makes no network call; {@link
 * #requireBucket} is the start-up check and {@link #probe} the health check.
 *
 * <p>The client computes and checks checksums only where S3 requires them ({@code WHEN_REQUIRED}):
 * the SDK's default (a CRC on every request and response) is refused by S3Proxy and several other
 * S3-compatible stores with {@code 501}. Integrity in transit still rests on TLS, or, over plain
 * HTTP, on the signed payload hash.
 *
 * <p>The SDK enforces the call and attempt timeouts from a scheduled pool; this connection gives it
 * one whose threads come from the factory the app hands to {@link #open} (ADR 0038), and stops it
 * on {@link #close}. The one thread the SDK still starts itself is the Apache client's process-wide
 * idle-connection reaper.
 */
public final class S3Connection implements AutoCloseable {

  /** As many as the SDK's own timeout pool has. */
  private static final int TIMER_THREADS = 5;

  private final S3Config config;
  private final S3Client client;
  private final ScheduledThreadPoolExecutor timers;

  private S3Connection(S3Config config, S3Client client, ScheduledThreadPoolExecutor timers) {
    this.config = config;
    this.client = client;
    this.timers = timers;
  }

  /**
   * Builds the client for {@code config}; nothing is sent yet.
   *
   * @param timerThreads where the threads that enforce the call timeouts come from
   */
  public static S3Connection open(S3Config config, ThreadFactory timerThreads) {
    Objects.requireNonNull(config, "config");
    ScheduledThreadPoolExecutor timers =
        new ScheduledThreadPoolExecutor(TIMER_THREADS, timerThreads);
    // Every call schedules two timeouts (call, attempt) and cancels them when it returns; without
    // this a cancelled task stays queued until its 30 s / 60 s delay, tens of thousands of them
    // under load, each holding its request's context.
    timers.setRemoveOnCancelPolicy(true);
    Apache5HttpClient.Builder http =
        Apache5HttpClient.builder()
            .connectionTimeout(config.connectTimeout())
            .socketTimeout(config.readTimeout())
            .connectionAcquisitionTimeout(config.connectTimeout())
            .maxConnections(config.maxConnections())
            .tcpKeepAlive(true);
    S3ClientBuilder builder =
        S3Client.builder()
            .httpClientBuilder(http)
            .region(Region.of(config.region()))
            .credentialsProvider(credentials(config))
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .overrideConfiguration(
                o ->
                    o.scheduledExecutorService(timers)
                        .apiCallAttemptTimeout(config.attemptTimeout())
                        .apiCallTimeout(config.callTimeout())
                        .retryStrategy(r -> r.maxAttempts(config.maxAttempts())));
    config
        .endpoint()
        .ifPresent(endpoint -> builder.endpointOverride(endpoint).forcePathStyle(true));
    return new S3Connection(config, builder.build(), timers);
  }

  private static AwsCredentialsProvider credentials(S3Config config) {
    return config
        .credentials()
        .<AwsCredentialsProvider>map(
            key ->
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(key.id(), key.secret())))
        .orElseGet(() -> DefaultCredentialsProvider.builder().build());
  }

  public S3Config config() {
    return config;
  }

  /**
   * The start-up check: the bucket exists and these credentials may use it ({@code HeadBucket}).
   *
   * @throws S3StartupException with one line naming the endpoint and the bucket and saying why
   */
  public void requireBucket(S3Location location) throws S3StartupException {
    String where = "object store " + config.describe() + ", bucket '" + location.bucket() + "'";
    try {
      client.headBucket(b -> b.bucket(location.bucket()));
    } catch (SdkException e) {
      String why;
      if (S3Failures.isStatus(e, 404)) {
        why = "the bucket does not exist";
      } else if (S3Failures.isStatus(e, 403) || S3Failures.isStatus(e, 401)) {
        why =
            "access refused (check the credentials: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY or the"
                + " profile)";
      } else if (S3Failures.isStatus(e, 301) || S3Failures.isStatus(e, 400)) {
        why = "the store refused the request (is --s3-region right?): " + S3Failures.oneLine(e);
      } else {
        IOException translated = failures(location).translate("HEAD bucket", e);
        boolean timedOut =
            translated instanceof StoreUnavailableException unavailable
                && unavailable.reason() == StoreUnavailableException.Reason.TIMED_OUT;
        boolean unreachable = translated instanceof StoreUnavailableException;
        why =
            (timedOut ? "no answer in time: " : unreachable ? "unreachable: " : "")
                + S3Failures.oneLine(e);
      }
      throw new S3StartupException(where + ": " + why, e);
    }
  }

  /**
   * A cheap health check ({@code HeadBucket}) for a deep health endpoint: returns when the store
   * answers for the bucket.
   *
   * @throws StoreUnavailableException when it is down or too slow
   * @throws IOException when it refuses (a missing bucket, credentials no longer valid)
   */
  public void probe(S3Location location) throws IOException {
    try {
      client.headBucket(b -> b.bucket(location.bucket()));
    } catch (SdkException e) {
      throw failures(location).translate("HEAD bucket", e);
    }
  }

  S3Client client() {
    return client;
  }

  S3Failures failures(S3Location location) {
    return new S3Failures("object store " + config.describe() + ", " + location);
  }

  /** Closes the connection pool and stops the timers; call after the last request that uses it. */
  @Override
  public void close() {
    try {
      client.close();
    } finally {
      timers.shutdownNow(); // the SDK never stops a pool it was given
    }
  }
}
