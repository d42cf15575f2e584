package dev.mtserver.benchmarks;

import dev.mtserver.domain.content.DirectoryListings;
import dev.mtserver.domain.content.StaticContentService;
import dev.mtserver.domain.upload.UploadArea;
import dev.mtserver.http.codec.BodyFraming;
import dev.mtserver.http.codec.HttpFields;
import dev.mtserver.http.codec.HttpProtocolException;
import dev.mtserver.http.codec.HttpVersion;
import dev.mtserver.http.codec.RequestHead;
import dev.mtserver.http.engine.HttpRequest;
import dev.mtserver.http.engine.HttpResponse;
import dev.mtserver.http.engine.ResponseBody;
import dev.mtserver.http.site.content.ContentFeatures;
import dev.mtserver.http.site.content.StaticContentHandler;
import dev.mtserver.http.site.content.StaticContentOptions;
import dev.mtserver.http.target.RequestTargetParser;
import dev.mtserver.storage.fs.FileSystemSite;
import dev.mtserver.storage.fs.SiteRoot;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The hot paths of issue 19, through {@code StaticContentHandler} over the real file system,
 * without sockets: {@code gzip64k} is a 64 KiB CSS file for a client accepting gzip (compressed
 * once, then served from the kept result), {@code gzip300kStreamedEveryTime} is a 300 KiB file,
 * over the kept size, compressed on every call at level 1 (what a large text file costs per
 * request); {@code listing1000Sorted} is a listing of 1,000 entries sorted by size (rendered once
 * per listing and order, then reused); {@code smallFileCompressionOn} and {@code
 * smallFileCompressionOff} are a 512-byte CSS file (below the gzip minimum) with compression on and
 * off: the decision must cost nothing.
 *
 * <p>Run: {@code java -jar mtserver-benchmarks/target/benchmarks.jar BrowsingBenchmark -f 1 -wi 3
 * -i 5 -prof gc}; results go in {@code docs/benchmarks.md}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BrowsingBenchmark {

  private StaticContentHandler compressing;
  private StaticContentHandler plain;
  private HttpRequest gzip64k;
  private HttpRequest gzipLarge;
  private HttpRequest listing;
  private HttpRequest smallFile;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    Path root = Files.createTempDirectory("mtserver-browsing-bench");
    Files.writeString(root.resolve("style.css"), ".rule { margin: 0 auto; }\n".repeat(2521));
    Files.writeString(root.resolve("large.css"), ".rule { margin: 0 auto; }\n".repeat(12000));
    Files.writeString(root.resolve("small.css"), "a{}".repeat(170));
    Path many = Files.createDirectory(root.resolve("many"));
    for (int i = 0; i < 1000; i++) {
      Files.writeString(many.resolve(String.format("file-%04d.bin", i)), "x".repeat(i % 100));
    }
    var site = new FileSystemSite(new SiteRoot(root));
    var content =
        new StaticContentService(
            site, DirectoryListings.ENABLED, DirectoryListings.ENABLED, UploadArea.outsideSite());
    compressing =
        new StaticContentHandler(
            content,
            StaticContentOptions.defaults(),
            new ContentFeatures(true, false, Optional.empty(), UploadArea.outsideSite()));
    plain = new StaticContentHandler(content, StaticContentOptions.defaults());
    gzip64k = get("/style.css", "gzip");
    gzipLarge = get("/large.css", "gzip");
    listing = get("/many/?sort=size&order=desc", null);
    smallFile = get("/small.css", "gzip");
  }

  @Benchmark
  public long gzip64k() throws IOException {
    return drain(compressing.handle(gzip64k));
  }

  @Benchmark
  public long gzip300kStreamedEveryTime() throws IOException {
    return drain(compressing.handle(gzipLarge));
  }

  @Benchmark
  public long listing1000Sorted() throws IOException {
    return drain(compressing.handle(listing));
  }

  @Benchmark
  public long smallFileCompressionOn() throws IOException {
    return drain(compressing.handle(smallFile));
  }

  @Benchmark
  public long smallFileCompressionOff() throws IOException {
    return drain(plain.handle(smallFile));
  }

  /** The body's length; a streamed body is written (to nowhere), as the engine would. */
  private static long drain(HttpResponse response) throws IOException {
    ResponseBody body = response.body();
    if (body instanceof ResponseBody.Streamed streamed) {
      CountingSink sink = new CountingSink();
      streamed.writer().writeTo(sink);
      return sink.count;
    }
    if (body instanceof ResponseBody.Region region && region.resource() != null) {
      region.resource().close();
    }
    return body.length();
  }

  private static final class CountingSink extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      count += length;
    }
  }

  private static HttpRequest get(String target, String acceptEncoding) {
    HttpFields fields = new HttpFields().add("Host", "localhost");
    if (acceptEncoding != null) {
      fields.add("Accept-Encoding", acceptEncoding);
    }
    try {
      return new HttpRequest(
          new RequestHead("GET", target, HttpVersion.HTTP_1_1, fields),
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
