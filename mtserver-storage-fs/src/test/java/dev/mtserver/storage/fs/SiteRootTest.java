package dev.mtserver.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mtserver.domain.path.SitePath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The containment check against a real directory tree: the root sits beside a secret file and a
 * secret directory that no lookup may ever reach.
 */
class SiteRootTest {

  @TempDir Path dir;
  Path root;
  Path outsideFile;
  Path outsideDir;
  SiteRoot site;

  @BeforeEach
  void layout() throws IOException {
    root = Files.createDirectories(dir.resolve("public"));
    outsideFile = Files.writeString(dir.resolve("secret.txt"), "TOP SECRET");
    outsideDir = Files.createDirectories(dir.resolve("private"));
    Files.writeString(outsideDir.resolve("key.txt"), "TOP SECRET");
    Files.writeString(root.resolve("index.html"), "home");
    Files.createDirectories(root.resolve("docs/deep"));
    Files.writeString(root.resolve("docs/deep/page.txt"), "deep");
    Files.createDirectories(root.resolve(".git"));
    Files.writeString(root.resolve(".git/config"), "[core]");
    Files.writeString(root.resolve(".env"), "PASSWORD=x");
    Files.createDirectories(root.resolve(".well-known"));
    Files.writeString(root.resolve(".well-known/security.txt"), "Contact: x");
    site = new SiteRoot(root);
  }

  private Optional<Path> resolve(String path) {
    return site.resolve(SitePath.parse(path));
  }

  @Test
  void resolves_files_and_directories_to_their_real_paths() throws IOException {
    assertThat(resolve("/index.html")).contains(root.toRealPath().resolve("index.html"));
    assertThat(resolve("/docs/deep/page.txt"))
        .contains(root.toRealPath().resolve("docs/deep/page.txt"));
    assertThat(resolve("/docs/")).contains(root.toRealPath().resolve("docs"));
    assertThat(resolve("/docs")).contains(root.toRealPath().resolve("docs"));
    assertThat(resolve("/")).contains(root.toRealPath());
  }

  @Test
  void missing_entries_and_paths_through_a_file_resolve_to_nothing() {
    assertThat(resolve("/nope.html")).isEmpty();
    assertThat(resolve("/docs/nope/page.txt")).isEmpty();
    assertThat(resolve("/index.html/more")).isEmpty();
  }

  @Test
  void hidden_names_are_refused_but_well_known_is_served() {
    assertThat(resolve("/.git/config")).isEmpty();
    assertThat(resolve("/.git/")).isEmpty();
    assertThat(resolve("/.env")).isEmpty();
    assertThat(resolve("/.well-known/security.txt")).isPresent();
  }

  @Test
  void links_that_stay_inside_the_root_are_followed() throws IOException {
    Files.createSymbolicLink(root.resolve("latest.txt"), Path.of("docs/deep/page.txt"));
    Files.createSymbolicLink(root.resolve("shortcut"), root.resolve("docs/deep"));

    assertThat(resolve("/latest.txt")).contains(root.toRealPath().resolve("docs/deep/page.txt"));
    assertThat(resolve("/shortcut/page.txt"))
        .contains(root.toRealPath().resolve("docs/deep/page.txt"));
  }

  @Test
  void links_that_leave_the_root_are_refused() throws IOException {
    Files.createSymbolicLink(root.resolve("out.txt"), outsideFile);
    Files.createSymbolicLink(root.resolve("relative-out.txt"), Path.of("../secret.txt"));
    Files.createSymbolicLink(root.resolve("outdir"), outsideDir);
    Files.createSymbolicLink(root.resolve("docs/up"), Path.of("../.."));
    Files.createSymbolicLink(root.resolve("chain"), Path.of("out.txt"));

    assertThat(resolve("/out.txt")).isEmpty();
    assertThat(resolve("/relative-out.txt")).isEmpty();
    assertThat(resolve("/outdir/key.txt")).isEmpty();
    assertThat(resolve("/outdir/")).isEmpty();
    assertThat(resolve("/docs/up/secret.txt")).isEmpty();
    assertThat(resolve("/chain")).isEmpty();
  }

  @Test
  void links_into_hidden_places_dangling_links_and_loops_are_refused() throws IOException {
    Files.createSymbolicLink(root.resolve("config"), Path.of(".git/config"));
    Files.createSymbolicLink(root.resolve("dangling"), Path.of("nowhere.txt"));
    Files.createSymbolicLink(root.resolve("loop"), Path.of("loop"));

    assertThat(resolve("/config")).isEmpty();
    assertThat(resolve("/dangling")).isEmpty();
    assertThat(resolve("/loop")).isEmpty();
  }

  @Test
  void a_link_retargeted_outside_after_it_was_checked_is_refused() throws IOException {
    Path link = Files.createSymbolicLink(root.resolve("moving"), root.resolve("index.html"));
    assertThat(resolve("/moving")).isPresent();

    Files.delete(link);
    Files.createSymbolicLink(link, outsideFile);

    assertThat(resolve("/moving")).isEmpty();
  }

  @Test
  void a_directory_replaced_by_a_link_outside_after_it_was_checked_is_refused() throws IOException {
    Path docs = root.resolve("docs2");
    Files.createDirectories(docs);
    Files.writeString(docs.resolve("key.txt"), "public");
    assertThat(resolve("/docs2/key.txt")).isPresent();

    Files.delete(docs.resolve("key.txt"));
    Files.delete(docs);
    Files.createSymbolicLink(docs, outsideDir);

    assertThat(resolve("/docs2/key.txt")).isEmpty();
  }

  @Test
  void a_directory_moved_out_of_the_root_and_linked_back_is_refused_even_for_unchanged_files()
      throws IOException {
    Files.createDirectories(root.resolve("moved"));
    Files.writeString(root.resolve("moved/file.txt"), "public");
    assertThat(resolve("/moved/file.txt")).isPresent();
    assertThat(resolve("/moved/")).isPresent();

    Path outside = dir.resolve("moved-out");
    Files.move(root.resolve("moved"), outside); // same inodes, same modification times
    Files.createSymbolicLink(root.resolve("moved"), outside);

    assertThat(resolve("/moved/file.txt")).isEmpty();
    assertThat(resolve("/moved/")).isEmpty();
  }

  @Test
  void a_file_moved_out_and_linked_back_is_refused() throws IOException {
    Files.writeString(root.resolve("page.txt"), "public");
    assertThat(resolve("/page.txt")).isPresent();

    Path outside = dir.resolve("page-out.txt");
    Files.move(root.resolve("page.txt"), outside);
    Files.createSymbolicLink(root.resolve("page.txt"), outside);
    Files.writeString(outside, "now secret"); // edited where it lives now

    assertThat(resolve("/page.txt")).isEmpty();
  }

  @Test
  void a_fifo_is_never_resolved() throws Exception {
    Path fifo = root.resolve("pipe");
    assumeTrue(mkfifo(fifo), "mkfifo is available");

    assertThat(resolve("/pipe")).isEmpty();
  }

  static boolean mkfifo(Path path) {
    try {
      return new ProcessBuilder("mkfifo", path.toString()).start().waitFor() == 0
          && Files.exists(path);
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  @Test
  void new_files_may_be_created_only_in_visible_directories_inside_the_root() throws IOException {
    Files.createSymbolicLink(root.resolve("outdir"), outsideDir);
    Files.createSymbolicLink(root.resolve("link.txt"), outsideFile);

    assertThat(site.resolveForCreation(SitePath.parse("/docs/new.txt")))
        .contains(root.toRealPath().resolve("docs/new.txt"));
    assertThat(site.resolveForCreation(SitePath.parse("/index.html")))
        .contains(root.toRealPath().resolve("index.html"));
    assertThat(site.resolveForCreation(SitePath.parse("/outdir/new.txt"))).isEmpty();
    assertThat(site.resolveForCreation(SitePath.parse("/link.txt"))).isEmpty();
    assertThat(site.resolveForCreation(SitePath.parse("/docs"))).isEmpty();
    assertThat(site.resolveForCreation(SitePath.parse("/.git/new"))).isEmpty();
    assertThat(site.resolveForCreation(SitePath.parse("/missing/new.txt"))).isEmpty();
  }

  @Test
  void a_root_that_is_a_file_is_refused() throws IOException {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SiteRoot(outsideFile))
        .isInstanceOf(java.nio.file.NotDirectoryException.class);
  }

  @Test
  void a_link_from_elsewhere_in_the_site_into_the_uploads_directory_is_refused()
      throws IOException {
    Path uploads = Files.createDirectories(root.resolve("downloads"));
    Files.writeString(uploads.resolve("page.html"), "<script>");
    Files.createDirectories(uploads.resolve("sub"));
    Files.writeString(uploads.resolve("sub/index.html"), "<script>");
    Files.createSymbolicLink(root.resolve("mirror"), uploads);
    Files.createSymbolicLink(root.resolve("latest.html"), uploads.resolve("page.html"));
    Files.createSymbolicLink(root.resolve("sub-link"), uploads.resolve("sub"));
    Files.createSymbolicLink(root.resolve("docs/up"), Path.of("../downloads"));
    Files.createSymbolicLink(root.resolve("home.html"), root.resolve("index.html"));
    SiteRoot guarded = new SiteRoot(root, uploads);

    for (String alias :
        new String[] {
          "/mirror",
          "/mirror/",
          "/mirror/page.html",
          "/latest.html",
          "/sub-link/",
          "/sub-link/index.html",
          "/docs/up/page.html"
        }) {
      assertThat(guarded.resolve(SitePath.parse(alias))).as(alias).isEmpty();
      assertThat(guarded.resolve(SitePath.parse(alias))).as("asked twice: " + alias).isEmpty();
    }
    assertThat(guarded.resolve(SitePath.parse("/downloads/page.html")))
        .contains(uploads.toRealPath().resolve("page.html"));
    assertThat(guarded.resolve(SitePath.parse("/downloads/sub/index.html"))).isPresent();
    assertThat(guarded.resolve(SitePath.parse("/home.html"))).isPresent(); // other links still work
    assertThat(site.resolve(SitePath.parse("/mirror/page.html")))
        .isPresent(); // a root without uploads
    Optional<SiteRoot.Entry> rootEntry = guarded.lookup(SitePath.ROOT);
    assertThat(guarded.lookupChild(rootEntry.orElseThrow(), "mirror")).isEmpty(); // never listed
    assertThat(guarded.lookupChild(rootEntry.orElseThrow(), "downloads")).isPresent();
  }

  @Test
  void a_name_once_checked_that_is_turned_into_a_link_into_the_uploads_is_refused()
      throws IOException {
    Path uploads = Files.createDirectories(root.resolve("downloads"));
    Files.writeString(uploads.resolve("page.html"), "<script>");
    SiteRoot guarded = new SiteRoot(root, uploads);
    Files.writeString(root.resolve("news.html"), "site news");
    assertThat(guarded.resolve(SitePath.parse("/news.html"))).isPresent();

    Files.delete(root.resolve("news.html"));
    Files.createSymbolicLink(root.resolve("news.html"), uploads.resolve("page.html"));

    assertThat(guarded.resolve(SitePath.parse("/news.html"))).isEmpty();
  }

  @Test
  void an_uploads_directory_outside_the_root_or_the_root_itself_changes_nothing()
      throws IOException {
    SiteRoot outside = new SiteRoot(root, outsideDir);
    SiteRoot itself = new SiteRoot(root, root);

    assertThat(outside.resolve(SitePath.parse("/docs/deep/page.txt"))).isPresent();
    assertThat(itself.resolve(SitePath.parse("/docs/deep/page.txt"))).isPresent();
    assertThat(itself.resolve(SitePath.parse("/index.html"))).isPresent();
  }
}
