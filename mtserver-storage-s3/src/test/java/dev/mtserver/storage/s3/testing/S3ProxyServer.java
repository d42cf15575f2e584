package dev.mtserver.storage.s3.testing;

import java.io.IOException;
import java.net.URI;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A real S3 server in this JVM: S3Proxy over jclouds' in-memory {@code transient-nio2} store, on a
 * loopback port of its own, checking AWS signatures with fixed test credentials. One per test class
 * (starting it takes a second); {@link #stop} and {@link #restart} make the store go down and come
 * back on the same port.
 */
public final class S3ProxyServer implements AutoCloseable {

  public static final String ACCESS_KEY = "mtserver-test";
  public static final String SECRET_KEY = "mtserver-test-secret";

  private final BlobStoreContext context;
  private final int port;
  private S3Proxy proxy;

  private S3ProxyServer(BlobStoreContext context, S3Proxy proxy) {
    this.context = context;
    this.proxy = proxy;
    this.port = proxy.getPort();
  }

  public static S3ProxyServer start() throws Exception {
    return start("transient-nio2", new Properties());
  }

  /**
   * A server whose objects are files below {@code directory} ({@code filesystem-nio2}): for large
   * ones.
   */
  public static S3ProxyServer onDisk(java.nio.file.Path directory) throws Exception {
    Properties properties = new Properties();
    properties.setProperty("jclouds.filesystem.basedir", directory.toString());
    return start("filesystem-nio2", properties);
  }

  private static S3ProxyServer start(String provider, Properties properties) throws Exception {
    BlobStoreContext context =
        ContextBuilder.newBuilder(provider)
            .credentials("identity", "credential")
            .overrides(properties)
            .build(BlobStoreContext.class);
    S3Proxy proxy = build(context, 0);
    proxy.start();
    awaitStarted(proxy);
    return new S3ProxyServer(context, proxy);
  }

  private static S3Proxy build(BlobStoreContext context, int port) {
    return S3Proxy.builder()
        .blobStore(context.getBlobStore())
        .endpoint(URI.create("http://127.0.0.1:" + port))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        .v4MaxNonChunkedRequestSize(64L << 20) // the tests' 48 MiB object in one PUT
        .build();
  }

  private static void awaitStarted(S3Proxy proxy) throws InterruptedException {
    for (int i = 0; i < 500 && !"STARTED".equals(proxy.getState()); i++) {
      Thread.sleep(10);
    }
    if (!"STARTED".equals(proxy.getState())) {
      throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
    }
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public int port() {
    return port;
  }

  /** Creates a bucket in the backing store directly. */
  public void createBucket(String name) {
    context.getBlobStore().createContainerInLocation(null, name);
  }

  /** The store goes down: connections to its port are refused. */
  public void stop() throws Exception {
    proxy.stop();
  }

  /** The store comes back on the same port, with the same contents. */
  public void restart() throws Exception {
    proxy = build(context, port);
    proxy.start();
    awaitStarted(proxy);
  }

  @Override
  public void close() throws IOException {
    try {
      proxy.stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while S3Proxy stopped", e);
    } catch (Exception e) { // Jetty's stop() declares Exception
      throw new IOException("S3Proxy did not stop", e);
    } finally {
      context.close();
    }
  }
}
