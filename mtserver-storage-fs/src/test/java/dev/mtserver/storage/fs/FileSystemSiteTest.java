package dev.mtserver.storage.fs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mtserver.domain.content.DirectoryEntry;
import dev.mtserver.domain.content.OpenContent;
import dev.mtserver.domain.content.Resource;
import dev.mtserver.domain.content.SiteEntry;
import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.store.AccessRefusedException;
import dev.mtserver.domain.store.GoneException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemSiteTest {

  private static final Instant OLD = Instant.parse("2025-05-05T05:05:05Z");

  @TempDir Path dir;
  Path root;
  FileSystemSite site;

  @BeforeEach
  void layout() throws IOException {
    root = Files.createDirectories(dir.resolve("public"));
    Files.writeString(dir.resolve("secret.txt"), "TOP SECRET");
    Path page = Files.writeString(root.resolve("page.html"), "<p>hello</p>");
    Files.setLastModifiedTime(page, FileTime.from(OLD));
    Files.createDirectories(root.resolve("docs"));
    Files.writeString(root.resolve(".env"), "x");
    Files.createSymbolicLink(root.resolve("out.txt"), dir.resolve("secret.txt"));
    Files.createSymbolicLink(root.resolve("in.html"), Path.of("page.html"));
    site =
        new FileSystemSite(
            new SiteRoot(root), SmallFileCache.defaults(16 * 1024), OpenFileCache.defaults());
  }

  @Test
  void a_file_is_described_by_its_attributes_and_opened_on_demand() throws IOException {
    SiteEntry entry = site.find(SitePath.parse("/page.html")).orElseThrow();

    assertThat(entry).isInstanceOf(SiteEntry.File.class);
    Resource resource = ((SiteEntry.File) entry).resource();
    assertThat(resource.size()).isEqualTo(12);
    assertThat(resource.lastModified()).isEqualTo(OLD);
    assertThat(resource.mediaType()).isEqualTo("text/html; charset=utf-8");
    assertThat(read(resource)).isEqualTo("<p>hello</p>");
    assertThat(resource.source().readThroughCache())
        .hasValueSatisfying(
            bytes -> assertThat(new String(bytes, UTF_8)).isEqualTo("<p>hello</p>"));
  }

  @Test
  void directories_are_reported_in_directory_form_with_their_modification_time()
      throws IOException {
    Instant modified = Instant.parse("2025-06-07T08:09:10.123456789Z");
    Files.setLastModifiedTime(root.resolve("docs"), FileTime.from(modified));

    assertThat(site.find(SitePath.parse("/docs")))
        .contains(new SiteEntry.Directory(SitePath.parse("/docs/"), Optional.of(modified)));
  }

  @Test
  void listings_show_visible_entries_inside_the_root_only() throws IOException {
    Path fifo = root.resolve("pipe");
    boolean haveFifo = SiteRootTest.mkfifo(fifo);

    List<DirectoryEntry> entries = site.list(SitePath.ROOT, 100);

    assertThat(entries)
        .extracting(DirectoryEntry::name)
        .containsExactlyInAnyOrder("page.html", "docs", "in.html");
    assertThat(entries)
        .filteredOn(e -> e.name().equals("page.html"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.size()).isEqualTo(12);
              assertThat(e.lastModified()).isEqualTo(OLD);
              assertThat(e.directory()).isFalse();
            });
    assumeTrue(haveFifo, "mkfifo is available");
  }

  @Test
  void a_listing_stops_at_its_limit() throws IOException {
    for (int i = 0; i < 10; i++) {
      Files.writeString(root.resolve("docs/f" + i), "x");
    }

    assertThat(site.list(SitePath.parse("/docs/"), 4)).hasSize(4);
  }

  @Test
  void hidden_and_outside_entries_are_not_found() throws IOException {
    assertThat(site.find(SitePath.parse("/.env"))).isEmpty();
    assertThat(site.find(SitePath.parse("/out.txt"))).isEmpty();
    assertThat(site.list(SitePath.parse("/out.txt/"), 10)).isEmpty();
  }

  @Test
  void precompressed_siblings_are_found_beside_the_requested_name_under_the_same_rules()
      throws IOException {
    Files.createDirectories(root.resolve("js"));
    Files.writeString(root.resolve("js/app.js"), "plain");
    Files.writeString(root.resolve("js/app.js.gz"), "gz");
    Files.createSymbolicLink(root.resolve("js/app.js.br"), dir.resolve("secret.txt"));
    Files.writeString(root.resolve("js/target.js"), "t");
    Files.writeString(root.resolve("js/target.js.gz"), "beside the target");
    Files.createSymbolicLink(root.resolve("alias.js"), Path.of("js/target.js"));

    Resource app =
        ((SiteEntry.File) site.find(SitePath.parse("/js/app.js")).orElseThrow()).resource();
    Resource alias =
        ((SiteEntry.File) site.find(SitePath.parse("/alias.js")).orElseThrow()).resource();

    var siblings = site.findPrecompressed(app);
    assertThat(siblings).containsOnlyKeys(dev.mtserver.domain.content.ContentCoding.GZIP);
    assertThat(siblings.get(dev.mtserver.domain.content.ContentCoding.GZIP).path())
        .isEqualTo(SitePath.parse("/js/app.js.gz"));
    assertThat(read(siblings.get(dev.mtserver.domain.content.ContentCoding.GZIP))).isEqualTo("gz");
    assertThat(site.findPrecompressed(alias)).isEmpty(); // /alias.js.gz does not exist
  }

  @Test
  void a_removed_sibling_is_never_served_from_memory() throws IOException {
    Files.writeString(root.resolve("app.js"), "plain");
    Path gz = Files.writeString(root.resolve("app.js.gz"), "gz");
    Resource app = ((SiteEntry.File) site.find(SitePath.parse("/app.js")).orElseThrow()).resource();
    assertThat(site.findPrecompressed(app)).isNotEmpty();

    Files.delete(gz);

    assertThat(site.findPrecompressed(app)).isEmpty();
  }

  @Test
  void a_sibling_added_later_is_found_once_the_recheck_interval_has_passed() throws Exception {
    Files.writeString(root.resolve("late.js"), "plain");
    Resource late =
        ((SiteEntry.File) site.find(SitePath.parse("/late.js")).orElseThrow()).resource();
    assertThat(site.findPrecompressed(late)).isEmpty();

    Files.writeString(root.resolve("late.js.gz"), "gz");
    Thread.sleep(FileSystemSite.SIBLING_RECHECK.toMillis() + 100);

    assertThat(site.findPrecompressed(late))
        .containsOnlyKeys(dev.mtserver.domain.content.ContentCoding.GZIP);
  }

  @Test
  void a_link_without_siblings_says_nothing_about_its_target() throws IOException {
    Files.writeString(root.resolve("target.js"), "t");
    Files.writeString(root.resolve("target.js.gz"), "beside the target");
    Files.createSymbolicLink(root.resolve("link.js"), Path.of("target.js"));
    Resource link =
        ((SiteEntry.File) site.find(SitePath.parse("/link.js")).orElseThrow()).resource();
    Resource target =
        ((SiteEntry.File) site.find(SitePath.parse("/target.js")).orElseThrow()).resource();

    assertThat(site.findPrecompressed(link)).isEmpty();

    assertThat(site.findPrecompressed(target))
        .containsOnlyKeys(dev.mtserver.domain.content.ContentCoding.GZIP);
  }

  private static String read(Resource resource) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OpenContent open = resource.source().open();
        WritableByteChannel channel = Channels.newChannel(out)) {
      long position = 0;
      while (position < open.size()) {
        position += open.transferTo(position, open.size() - position, channel);
      }
    }
    return out.toString(UTF_8);
  }

  @Test
  void a_file_removed_since_its_look_up_is_gone() throws IOException {
    Resource removed =
        ((SiteEntry.File) site.find(SitePath.parse("/page.html")).orElseThrow()).resource();
    Files.delete(root.resolve("page.html"));

    assertThatThrownBy(() -> removed.source().open()).isInstanceOf(GoneException.class);
  }

  @Test
  void a_file_this_process_may_not_read_is_refused() throws IOException {
    Path locked = Files.writeString(root.resolve("locked.txt"), "x");
    Resource refused =
        ((SiteEntry.File) site.find(SitePath.parse("/locked.txt")).orElseThrow()).resource();
    Files.setPosixFilePermissions(locked, java.util.Set.of());
    assumeTrue(!Files.isReadable(locked), "permissions bind this user (not root)");
    assertThatThrownBy(() -> refused.source().open()).isInstanceOf(AccessRefusedException.class);
  }
}
