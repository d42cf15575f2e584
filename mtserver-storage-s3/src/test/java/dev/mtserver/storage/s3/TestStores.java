package dev.mtserver.storage.s3;

import dev.mtserver.storage.s3.testing.S3ProxyServer;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Configurations and shortcuts the integration tests share. */
final class TestStores {

  private TestStores() {}

  /** The SDK's timeout threads, as the app's ThreadSource would make them. */
  static final ThreadFactory TIMER_THREADS =
      Thread.ofPlatform().name("test-s3-timer-", 1).daemon(true).factory();

  /**
   * The test server's endpoint and credentials, with limits short enough for tests to see them act.
   */
  static S3Config config(URI endpoint) {
    return S3Config.defaults()
        .withEndpoint(endpoint)
        .withCredentials(new S3Config.AccessKey(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY))
        .withTimeouts(
            Duration.ofSeconds(2),
            Duration.ofSeconds(5),
            Duration.ofSeconds(10),
            Duration.ofSeconds(20));
  }

  static void put(S3Client client, String bucket, String key, byte[] content) {
    client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(content));
  }

  static void put(S3Client client, String bucket, String key, String content) {
    client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(content));
  }

  static boolean exists(S3Client client, String bucket, String key) {
    try {
      client.headObject(b -> b.bucket(bucket).key(key));
      return true;
    } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
      return false;
    } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  static byte[] get(S3Client client, String bucket, String key) {
    return client.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
  }
}
