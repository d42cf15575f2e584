package dev.mtserver.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.management.ThreadMXBean;
import dev.mtserver.domain.content.ContentCoding;
import dev.mtserver.domain.content.ContentOutcome;
import dev.mtserver.domain.content.ContentRequest;
import dev.mtserver.domain.content.DirectoryEntry;
import dev.mtserver.domain.content.DirectoryListings;
import dev.mtserver.domain.content.OpenContent;
import dev.mtserver.domain.content.Resource;
import dev.mtserver.domain.content.SiteEntry;
import dev.mtserver.domain.content.StaticContentService;
import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.store.GoneException;
import dev.mtserver.storage.s3.testing.S3ProxyServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/** The site served from a bucket prefix of a real S3 server (S3Proxy, in-process). */
class S3SiteIT {

  private static final String BUCKET = "site-bucket";
  private static final S3Location LOCATION = new S3Location(BUCKET, "www/");
  private static final int LARGE = 48 * 1024 * 1024;

  private static S3ProxyServer server;
  private static S3Connection store;
  private static S3Client s3;
  private static S3Site site;
  private static byte[] large;

  @BeforeAll
  static void startStore() throws Exception {
    server = S3ProxyServer.start();
    server.createBucket(BUCKET);
    store = S3Connection.open(TestStores.config(server.endpoint()), TestStores.TIMER_THREADS);
    s3 = store.client();
    site =
        new S3Site(
            store, LOCATION, Duration.ZERO, 0); // no cache: each test sees the store as it is
    TestStores.put(s3, BUCKET, "www/index.html", "<h1>home</h1>");
    TestStores.put(s3, BUCKET, "www/style.css", "body{}");
    TestStores.put(s3, BUCKET, "www/docs/index.html", "<h1>docs</h1>");
    TestStores.put(s3, BUCKET, "www/docs/guide.txt", "guide");
    TestStores.put(s3, BUCKET, "www/app.js", "console.log(1)");
    TestStores.put(s3, BUCKET, "www/app.js.gz", "gzipped");
    TestStores.put(s3, BUCKET, "www/.env", "SECRET=1");
    TestStores.put(s3, BUCKET, "www/.git/config", "[core]");
    TestStores.put(s3, BUCKET, "www/assets/.hidden", "x");
    TestStores.put(s3, BUCKET, "www/assets/logo.png", "png");
    TestStores.put(s3, BUCKET, "www/.well-known/security.txt", "Contact: x");
    TestStores.put(s3, BUCKET, "www/odd/back\\\\slash.txt", "unreachable by any URL");
    TestStores.put(s3, BUCKET, "elsewhere.txt", "outside the prefix");
    large = new byte[LARGE];
    new Random(42).nextBytes(large);
    TestStores.put(s3, BUCKET, "www/big.bin", large);
  }

  @AfterAll
  static void stopStore() throws Exception {
    store.close();
    server.close();
  }

  @Test
  void a_file_is_found_with_the_stores_etag_last_modified_size_and_a_media_type_by_name()
      throws IOException {
    Resource css = file("/style.css");
    HeadObjectResponse head = s3.headObject(b -> b.bucket(BUCKET).key("www/style.css"));

    assertThat(css.size()).isEqualTo(6);
    assertThat(css.mediaType()).isEqualTo("text/css; charset=utf-8");
    assertThat(css.validator().entityTag().value()).isEqualTo(head.eTag()).startsWith("\"");
    assertThat(css.lastModified()).isEqualTo(head.lastModified());
    assertThat(read(css)).isEqualTo("body{}");
  }

  @Test
  void the_root_and_prefixes_are_directories_and_index_html_serves_them() throws IOException {
    assertThat(site.find(SitePath.ROOT)).contains(new SiteEntry.Directory(SitePath.ROOT));
    assertThat(site.find(SitePath.parse("/docs")))
        .contains(new SiteEntry.Directory(SitePath.parse("/docs/")));
    assertThat(site.find(SitePath.parse("/docs/")))
        .contains(new SiteEntry.Directory(SitePath.parse("/docs/")));
    assertThat(site.find(SitePath.parse("/nothing/"))).isEmpty();
    assertThat(site.find(SitePath.parse("/doc")))
        .isEmpty(); // a prefix of a name is not a directory

    StaticContentService service = new StaticContentService(site);
    ContentOutcome home = service.serve(new ContentRequest(SitePath.ROOT, List.of()));
    ContentOutcome docs = service.serve(new ContentRequest(SitePath.parse("/docs/"), List.of()));
    ContentOutcome redirect = service.serve(new ContentRequest(SitePath.parse("/docs"), List.of()));

    assertThat(read(((ContentOutcome.Found) home).resource())).isEqualTo("<h1>home</h1>");
    assertThat(read(((ContentOutcome.Found) docs).resource())).isEqualTo("<h1>docs</h1>");
    assertThat(redirect)
        .isEqualTo(new ContentOutcome.RedirectToDirectory(SitePath.parse("/docs/")));
  }

  @Test
  void hidden_names_are_not_found_anywhere_in_the_path_nor_listed_but_well_known_is()
      throws IOException {
    assertThat(site.find(SitePath.parse("/.env"))).isEmpty();
    assertThat(site.find(SitePath.parse("/.git/config"))).isEmpty();
    assertThat(site.find(SitePath.parse("/.git/"))).isEmpty();
    assertThat(site.find(SitePath.parse("/assets/.hidden"))).isEmpty();
    assertThat(site.list(SitePath.parse("/.git/"), 10)).isEmpty();
    assertThat(file("/.well-known/security.txt").size()).isEqualTo(10);

    assertThat(site.list(SitePath.ROOT, 100))
        .extracting(DirectoryEntry::name)
        .contains(
            "index.html",
            "style.css",
            "app.js",
            "app.js.gz",
            "big.bin",
            "docs",
            "assets",
            ".well-known",
            "odd") // other tests add their own objects beside these
        .doesNotContain(".env", ".git", "elsewhere.txt");
    assertThat(site.list(SitePath.parse("/assets/"), 100))
        .extracting(DirectoryEntry::name)
        .containsExactly("logo.png");
    assertThat(site.list(SitePath.parse("/odd/"), 100))
        .isEmpty(); // "back\\slash.txt": no URL reaches it
  }

  @Test
  void a_listing_reads_page_after_page_and_stops_at_the_limit() throws IOException {
    String dir = "www/many/";
    IntStream.range(0, 1_205)
        .parallel()
        .forEach(i -> TestStores.put(s3, BUCKET, dir + String.format("f%04d.txt", i), "x"));
    TestStores.put(s3, BUCKET, dir + "sub/inner.txt", "y");

    List<DirectoryEntry> all = site.list(SitePath.parse("/many/"), 5_000);
    List<DirectoryEntry> cut = site.list(SitePath.parse("/many/"), 1_001);

    assertThat(all).hasSize(1_206);
    assertThat(all)
        .filteredOn(DirectoryEntry::directory)
        .extracting(DirectoryEntry::name)
        .containsExactly("sub");
    assertThat(all)
        .filteredOn(e -> !e.directory())
        .allSatisfy(e -> assertThat(e.size()).isEqualTo(1));
    assertThat(cut).hasSize(1_001);
  }

  @Test
  void a_precompressed_sibling_is_found_beside_its_file() throws IOException {
    Resource js = file("/app.js");

    Map<ContentCoding, Resource> siblings = site.findPrecompressed(js);

    assertThat(siblings).containsOnlyKeys(ContentCoding.GZIP);
    assertThat(read(siblings.get(ContentCoding.GZIP))).isEqualTo("gzipped");
    assertThat(site.findPrecompressed(file("/style.css"))).isEmpty();
  }

  @Test
  void a_range_deep_in_a_large_object_is_read_by_a_ranged_get_without_loading_the_object()
      throws IOException {
    Resource big = file("/big.bin");
    long offset = 40L * 1024 * 1024 + 123;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long before = allocatedBytes();

    try (OpenContent content = big.source().open()) {
      transfer(content, offset, 1000, Channels.newChannel(out));
    }

    long allocated = allocatedBytes() - before;
    assertThat(out.toByteArray())
        .isEqualTo(Arrays.copyOfRange(large, (int) offset, (int) offset + 1000));
    assertThat(allocated)
        .as("bytes allocated to read 1000 bytes of a 48 MiB object")
        .isLessThan(2L << 20);
  }

  @Test
  void the_whole_large_object_streams_through_a_small_buffer_and_ranges_may_jump()
      throws IOException {
    Resource big = file("/big.bin");
    DigestingChannel sink = new DigestingChannel();
    long before = allocatedBytes();

    try (OpenContent content = big.source().open()) {
      transfer(content, 0, LARGE, sink);
    }
    long allocated = allocatedBytes() - before;

    assertThat(sink.count).isEqualTo(LARGE);
    assertThat(sink.hash).isEqualTo(Arrays.hashCode(large));
    assertThat(allocated).as("bytes allocated to stream 48 MiB").isLessThan(12L << 20);

    // multipart/byteranges reads parts out of order: each jump is a new ranged request
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OpenContent content = big.source().open()) {
      transfer(content, 30_000_000, 10, Channels.newChannel(out));
      transfer(content, 5, 10, Channels.newChannel(out));
      transfer(content, LARGE - 10, 10, Channels.newChannel(out));
    }
    byte[] expected = new byte[30];
    System.arraycopy(large, 30_000_000, expected, 0, 10);
    System.arraycopy(large, 5, expected, 10, 10);
    System.arraycopy(large, LARGE - 10, expected, 20, 10);
    assertThat(out.toByteArray()).isEqualTo(expected);
  }

  @Test
  void an_object_changed_after_it_was_looked_up_is_not_sent_under_the_old_validators()
      throws IOException {
    TestStores.put(s3, BUCKET, "www/changing.txt", "first version");
    Resource looked = file("/changing.txt");
    TestStores.put(s3, BUCKET, "www/changing.txt", "second, longer version");

    try (OpenContent content = looked.source().open()) {
      assertThatThrownBy(
              () ->
                  transfer(
                      content, 0, looked.size(), Channels.newChannel(new ByteArrayOutputStream())))
          .isInstanceOf(GoneException.class)
          .hasMessageContaining("changed or vanished");
    }
    assertThat(file("/changing.txt").validator().entityTag())
        .isNotEqualTo(looked.validator().entityTag());
  }

  @Test
  void the_metadata_cache_shows_a_new_object_at_most_one_ttl_late() throws Exception {
    S3Site cached = new S3Site(store, LOCATION, Duration.ofSeconds(1), 100);
    SitePath path = SitePath.parse("/late.txt");

    assertThat(cached.find(path)).isEmpty();
    TestStores.put(s3, BUCKET, "www/late.txt", "here");
    assertThat(cached.find(path)).as("within the TTL, the absence is remembered").isEmpty();
    Thread.sleep(1_100);
    assertThat(cached.find(path)).isPresent();
  }

  @Test
  void the_listing_of_the_upload_area_is_a_prefix_listing_with_sizes_and_times()
      throws IOException {
    TestStores.put(s3, BUCKET, "www/downloads/report.pdf", "%PDF");

    StaticContentService service =
        new StaticContentService(
            site,
            DirectoryListings.ENABLED,
            dev.mtserver.domain.upload.UploadArea.at(SitePath.parse("/downloads/")));
    ContentOutcome outcome =
        service.serve(new ContentRequest(SitePath.parse("/downloads/"), List.of()));

    assertThat(outcome).isInstanceOf(ContentOutcome.Listing.class);
    ContentOutcome.Listing listing = (ContentOutcome.Listing) outcome;
    assertThat(listing.isUpload()).isTrue();
    assertThat(listing.entries())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.name()).isEqualTo("report.pdf");
              assertThat(e.size()).isEqualTo(4);
            });
  }

  private static Resource file(String path) throws IOException {
    Optional<SiteEntry> entry = site.find(SitePath.parse(path));
    assertThat(entry).as(path).get().isInstanceOf(SiteEntry.File.class);
    return ((SiteEntry.File) entry.get()).resource();
  }

  private static String read(Resource resource) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OpenContent content = resource.source().open()) {
      transfer(content, 0, content.size(), Channels.newChannel(out));
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /**
   * Copies as the transport does: steps of at most 256 KiB, each continuing where the last one
   * stopped.
   */
  private static void transfer(
      OpenContent content, long position, long count, WritableByteChannel target)
      throws IOException {
    long sent = 0;
    while (sent < count) {
      long n = content.transferTo(position + sent, Math.min(count - sent, 256 * 1024), target);
      if (n <= 0) {
        throw new IOException("ended after " + sent);
      }
      sent += n;
    }
  }

  private static long allocatedBytes() {
    return ((ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
  }

  /** Counts and hashes what it is given, keeping none of it. */
  private static final class DigestingChannel implements WritableByteChannel {
    long count;
    int hash = 1;

    @Override
    public int write(ByteBuffer src) {
      int n = src.remaining();
      while (src.hasRemaining()) {
        hash = 31 * hash + src.get();
      }
      count += n;
      return n;
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }
}
