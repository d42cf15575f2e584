package dev.mtserver.benchmarks;

import dev.mtserver.domain.content.ContentSource;
import dev.mtserver.domain.content.OpenContent;
import dev.mtserver.domain.content.SiteEntry;
import dev.mtserver.domain.path.SitePath;
import dev.mtserver.storage.fs.FileSystemSite;
import dev.mtserver.storage.fs.OpenFileCache;
import dev.mtserver.storage.fs.SiteRoot;
import dev.mtserver.storage.fs.SmallFileCache;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One response of a file, head and body, into a loopback socket whose other end a thread drains:
 * the file looked up and opened through {@code FileSystemSite} and its open-file cache, then sent
 * as the transport sends it. {@code sendfile}: the head's {@code write}, then {@code
 * FileChannel.transferTo} ({@code fstat}, a failing {@code copy_file_range}, {@code sendfile}),
 * without the cork the transport sets around them, so this side is measured at its cheapest. {@code
 * mapped}: head and the cache's mapping of the file ({@code OpenContent.inMemory}) in one gathering
 * {@code writev}. Both include the look-up's {@code stat}.
 *
 * <p>Run: {@code java -jar mtserver-benchmarks/target/benchmarks.jar FileBodyBenchmark -f 1 -wi 3
 * -i 5}; results go in {@code docs/benchmarks.md}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FileBodyBenchmark {

  @Param({"65536", "131072"})
  public int size;

  private ByteBuffer head;
  private SitePath path;
  private FileSystemSite site;
  private ServerSocketChannel listener;
  private SocketChannel socket;
  private Thread drain;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    Path root = Files.createTempDirectory("mtserver-file-body-bench");
    byte[] content = new byte[size];
    new Random(1).nextBytes(content);
    Files.write(root.resolve("file.bin"), content);
    path = SitePath.parse("/file.bin");
    head =
        ByteBuffer.wrap(
            ("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: "
                    + size
                    + "\r\nETag: \"6b11a5e8.38854c52-"
                    + Integer.toHexString(size)
                    + "\"\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    site =
        new FileSystemSite(new SiteRoot(root), SmallFileCache.disabled(), OpenFileCache.defaults());

    listener =
        ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    socket = SocketChannel.open(listener.getLocalAddress());
    SocketChannel peer = listener.accept();
    drain =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  ByteBuffer sink = ByteBuffer.allocateDirect(256 * 1024);
                  try (peer) {
                    while (peer.read(sink.clear()) >= 0) {
                      // discard, as a client reading the response would
                    }
                  } catch (IOException e) {
                    // the trial is over
                  }
                });
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException, InterruptedException {
    socket.close();
    listener.close();
    drain.join();
  }

  @Benchmark
  public long sendfile() throws IOException {
    try (OpenContent open = open()) {
      socket.write(head.clear());
      long sent = 0;
      while (sent < size) {
        sent += open.transferTo(sent, size - sent, socket);
      }
      return sent;
    }
  }

  @Benchmark
  public long mapped() throws IOException {
    try (OpenContent open = open()) {
      ByteBuffer[] response = {head.clear(), open.inMemory(0, size)};
      long sent = 0;
      while (sent < head.capacity() + size) {
        sent += socket.write(response);
      }
      return sent;
    }
  }

  private OpenContent open() throws IOException {
    SiteEntry entry = site.find(path).orElseThrow();
    ContentSource source = ((SiteEntry.File) entry).resource().source();
    return source.open();
  }
}
