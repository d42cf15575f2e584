package dev.mtserver.benchmarks;

import dev.mtserver.domain.content.ContentCoding;
import dev.mtserver.domain.content.DirectoryEntry;
import dev.mtserver.domain.content.DirectoryListings;
import dev.mtserver.domain.content.LoadResourcePort;
import dev.mtserver.domain.content.Resource;
import dev.mtserver.domain.content.SiteEntry;
import dev.mtserver.domain.content.StaticContentService;
import dev.mtserver.domain.path.SitePath;
import dev.mtserver.http.codec.BodyFraming;
import dev.mtserver.http.codec.HttpFields;
import dev.mtserver.http.codec.HttpProtocolException;
import dev.mtserver.http.codec.HttpVersion;
import dev.mtserver.http.codec.RequestHead;
import dev.mtserver.http.engine.HttpRequest;
import dev.mtserver.http.engine.HttpResponse;
import dev.mtserver.http.engine.ResponseBody;
import dev.mtserver.http.site.content.StaticContentHandler;
import dev.mtserver.http.target.RequestTargetParser;
import dev.mtserver.storage.fs.FileSystemSite;
import dev.mtserver.storage.fs.SiteRoot;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * What one {@code GET /big/} costs when listings are on and the directory holds {@code entries}
 * files (issue 13 measured 12,000): the use case over the real file system ({@code SiteRoot},
 * {@code FileSystemSite}) and the HTTP handler that renders the page, without sockets. {@code
 * smallFile} is a 1 KiB file through the same stack, the yardstick "a tiny request" is measured
 * against. Each operation returns the response body's length, which {@code -prof gc} puts beside
 * the bytes allocated. {@code listingEveryTime} is the same listing through a store that does not
 * report directory times, so nothing is reused: the cost when the directory changes between every
 * two requests, bounded by the listing limit alone.
 *
 * <p>Run: {@code java -jar mtserver-benchmarks/target/benchmarks.jar DirectoryListingBenchmark -f 1
 * -wi 3 -i 5 -prof gc}; results go in {@code docs/benchmarks.md}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DirectoryListingBenchmark {

  @Param({"12000"})
  public int entries;

  private Path root;
  private StaticContentHandler handler;
  private StaticContentHandler uncachedHandler;
  private HttpRequest listingRequest;
  private HttpRequest fileRequest;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    root = Files.createTempDirectory("mtserver-listing-bench");
    Path big = Files.createDirectory(root.resolve("big"));
    for (int i = 0; i < entries; i++) {
      Files.writeString(
          big.resolve(String.format("uploaded-file-%05d.bin", i)), "x".repeat(i % 100));
    }
    Files.writeString(root.resolve("small.txt"), "s".repeat(1024));
    var site = new FileSystemSite(new SiteRoot(root));
    handler = new StaticContentHandler(new StaticContentService(site, DirectoryListings.ENABLED));
    uncachedHandler =
        new StaticContentHandler(
            new StaticContentService(new WithoutDirectoryTimes(site), DirectoryListings.ENABLED));
    listingRequest = get("/big/");
    fileRequest = get("/small.txt");
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            Files.delete(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  @Benchmark
  public long listing() throws IOException {
    return bodyLength(handler.handle(listingRequest));
  }

  @Benchmark
  public long listingEveryTime() throws IOException {
    return bodyLength(uncachedHandler.handle(listingRequest));
  }

  @Benchmark
  public long smallFile() throws IOException {
    return bodyLength(handler.handle(fileRequest));
  }

  private static long bodyLength(HttpResponse response) throws IOException {
    long length = response.body().length();
    if (response.body() instanceof ResponseBody.Region region && region.resource() != null) {
      region.resource().close(); // the transport closes what it sent; here nothing is sent
    }
    return length;
  }

  /** The store, minus directory modification times: the domain then never reuses a listing. */
  private record WithoutDirectoryTimes(LoadResourcePort store) implements LoadResourcePort {
    @Override
    public Optional<SiteEntry> find(SitePath path) throws IOException {
      return store
          .find(path)
          .map(
              entry ->
                  entry instanceof SiteEntry.Directory directory
                      ? new SiteEntry.Directory(directory.path())
                      : entry);
    }

    @Override
    public List<DirectoryEntry> list(SitePath directory, int limit) throws IOException {
      return store.list(directory, limit);
    }

    @Override
    public Map<ContentCoding, Resource> findPrecompressed(Resource file) throws IOException {
      return store.findPrecompressed(file); // files are the store's own: only directories change
    }
  }

  private static HttpRequest get(String target) {
    try {
      return new HttpRequest(
          new RequestHead(
              "GET", target, HttpVersion.HTTP_1_1, new HttpFields().add("Host", "localhost")),
          RequestTargetParser.parse("GET", target),
          new BodyFraming.None(),
          InputStream.nullInputStream(),
          new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000),
          new InetSocketAddress(InetAddress.getLoopbackAddress(), 8080));
    } catch (HttpProtocolException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
