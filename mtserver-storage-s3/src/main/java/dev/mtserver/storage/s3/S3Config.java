package dev.mtserver.storage.s3;

import static com.google.common.base.Preconditions.checkArgument;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach an object store: its endpoint, region, credentials and every time limit the client
 * obeys. Immutable; start from {@link #defaults()} and change what differs.
 *
 * <p>Each SDK call is bounded three ways, so no worker thread can hang on the store: connecting
 * ({@link #connectTimeout}), each silent stretch of a read ({@link #readTimeout}), and the whole
 * call ({@link #attemptTimeout} per try, {@link #callTimeout} across the SDK's retries). Reading an
 * object's bytes is not one call: a download to a slow client may take an hour, but every read from
 * the store is still bounded by {@link #readTimeout}.
 *
 * @param endpoint the store's URL, for stores other than AWS S3 ({@code http://127.0.0.1:9000});
 *     path-style addressing is then used. Empty: AWS S3 in {@link #region}
 * @param region the signing region; {@code us-east-1} unless the store says otherwise
 * @param credentials a fixed key (tests); empty: the SDK's default chain ({@code
 *     AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}, profiles, instance roles), so the app never
 *     handles a secret itself
 * @param connectTimeout to open a TCP (and TLS) connection
 * @param readTimeout the longest silence while reading an answer
 * @param attemptTimeout one try of one call, bytes of a request body included
 * @param callTimeout one call, all its tries and back-off included
 * @param maxAttempts tries per call (the SDK's standard retry strategy), at least 1
 * @param maxConnections pooled, kept-alive connections to the store; a call waits at most {@link
 *     #connectTimeout} for a free one
 */
public record S3Config(
    Optional<URI> endpoint,
    String region,
    Optional<AccessKey> credentials,
    Duration connectTimeout,
    Duration readTimeout,
    Duration attemptTimeout,
    Duration callTimeout,
    int maxAttempts,
    int maxConnections) {

  /** The region when none is given. */
  public static final String DEFAULT_REGION = "us-east-1";

  public S3Config {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(credentials, "credentials");
    endpoint.ifPresent(S3Config::checkEndpoint);
    checkArgument(region.matches("[a-z0-9][a-z0-9-]*"), "region '%s' is not a region name", region);
    for (Duration d : new Duration[] {connectTimeout, readTimeout, attemptTimeout, callTimeout}) {
      checkArgument(d != null && d.isPositive(), "every timeout must be positive");
    }
    checkArgument(
        callTimeout.compareTo(attemptTimeout) >= 0, "the call timeout must cover one attempt");
    checkArgument(maxAttempts >= 1, "maxAttempts must be at least 1");
    checkArgument(maxConnections >= 1, "maxConnections must be at least 1");
  }

  /**
   * AWS S3 in {@value #DEFAULT_REGION}, credentials from the default chain, 3 s to connect, 15 s of
   * silence, 30 s per try, 60 s per call, 3 tries, 64 connections.
   */
  public static S3Config defaults() {
    return new S3Config(
        Optional.empty(),
        DEFAULT_REGION,
        Optional.empty(),
        Duration.ofSeconds(3),
        Duration.ofSeconds(15),
        Duration.ofSeconds(30),
        Duration.ofSeconds(60),
        3,
        64);
  }

  /**
   * The same store reached at {@code endpoint} ({@code --s3-endpoint}).
   *
   * @throws IllegalArgumentException unless it is an {@code http} or {@code https} URL with a host
   *     and nothing after it but an optional {@code /}
   */
  public S3Config withEndpoint(URI endpoint) {
    return new S3Config(
        Optional.of(endpoint),
        region,
        credentials,
        connectTimeout,
        readTimeout,
        attemptTimeout,
        callTimeout,
        maxAttempts,
        maxConnections);
  }

  /** Another signing region ({@code --s3-region}). */
  public S3Config withRegion(String region) {
    return new S3Config(
        endpoint,
        region,
        credentials,
        connectTimeout,
        readTimeout,
        attemptTimeout,
        callTimeout,
        maxAttempts,
        maxConnections);
  }

  /** A fixed access key instead of the default chain (tests, or an embedding program). */
  public S3Config withCredentials(AccessKey key) {
    return new S3Config(
        endpoint,
        region,
        Optional.of(key),
        connectTimeout,
        readTimeout,
        attemptTimeout,
        callTimeout,
        maxAttempts,
        maxConnections);
  }

  /** Other time limits; see the record's parameters. */
  public S3Config withTimeouts(Duration connect, Duration read, Duration attempt, Duration call) {
    return new S3Config(
        endpoint, region, credentials, connect, read, attempt, call, maxAttempts, maxConnections);
  }

  /** Another number of tries per call. */
  public S3Config withMaxAttempts(int attempts) {
    return new S3Config(
        endpoint,
        region,
        credentials,
        connectTimeout,
        readTimeout,
        attemptTimeout,
        callTimeout,
        attempts,
        maxConnections);
  }

  /** Another size of the connection pool. */
  public S3Config withMaxConnections(int connections) {
    return new S3Config(
        endpoint,
        region,
        credentials,
        connectTimeout,
        readTimeout,
        attemptTimeout,
        callTimeout,
        maxAttempts,
        connections);
  }

  /**
   * The store for messages and the banner: {@code http://127.0.0.1:9000 (us-east-1)} or {@code AWS
   * S3 (eu-west-1)}.
   */
  public String describe() {
    return endpoint.map(URI::toString).orElse("AWS S3") + " (" + region + ")";
  }

  private static void checkEndpoint(URI endpoint) {
    String scheme = endpoint.getScheme();
    checkArgument(
        scheme != null && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https")),
        "the object-store endpoint '%s' must be an http:// or https:// URL",
        endpoint);
    checkArgument(
        endpoint.getHost() != null, "the object-store endpoint '%s' has no host name", endpoint);
    String path = endpoint.getRawPath();
    checkArgument(
        (path == null || path.isEmpty() || path.equals("/"))
            && endpoint.getRawQuery() == null
            && endpoint.getRawFragment() == null
            && endpoint.getRawUserInfo() == null,
        "the object-store endpoint '%s' must be just scheme, host and port",
        endpoint);
  }

  /**
   * An access key pair. Its {@link #toString} never shows the secret.
   *
   * @param id the access key id
   * @param secret the secret access key
   */
  public record AccessKey(String id, String secret) {
    public AccessKey {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(secret, "secret");
    }

    @Override
    public String toString() {
      return "AccessKey[id=" + id + ", secret=(hidden)]";
    }
  }
}
