package dev.mtserver.storage.fs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mtserver.domain.content.EntityTag;
import dev.mtserver.domain.content.SiteEntry;
import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.upload.named.FileChangedException;
import dev.mtserver.domain.upload.named.NameTakenException;
import dev.mtserver.domain.upload.named.NamedPendingUpload;
import dev.mtserver.domain.upload.named.NoSuchStoredFileException;
import dev.mtserver.domain.upload.named.PublishedFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The upload store's named files: exact names, replacement by tag, removal (ADR 0046). */
class NamedFilesInDirectoryTest {

  @TempDir Path root;
  private Path downloads;
  private FileSystemUploadStore store;

  @BeforeEach
  void open() throws IOException {
    downloads = root.resolve("downloads");
    store = new FileSystemUploadStore(downloads, root);
  }

  @Test
  void a_new_file_takes_its_exact_name_with_the_tag_the_site_serves() throws IOException {
    PublishedFile file = put("report.pdf", "hello");

    assertThat(file).isEqualTo(new PublishedFile("report.pdf", 5, file.entityTag()));
    assertThat(Files.readString(downloads.resolve("report.pdf"))).isEqualTo("hello");
    assertThat(servedTag("report.pdf")).isEqualTo(file.entityTag());
    assertThat(store.entityTag("report.pdf")).contains(file.entityTag());
    assertThat(names()).containsExactly("report.pdf");
  }

  @Test
  void a_taken_name_is_never_overwritten_and_the_new_bytes_are_dropped() throws IOException {
    put("a.txt", "first");
    NamedPendingUpload second = begin("a.txt", "second");

    assertThatThrownBy(second::commitNew).isInstanceOf(NameTakenException.class);
    assertThat(Files.readString(downloads.resolve("a.txt"))).isEqualTo("first");
    assertThat(names()).containsExactly("a.txt");
  }

  @Test
  void a_replacement_with_the_current_tag_takes_the_file_s_place() throws IOException {
    EntityTag old = put("a.txt", "old").entityTag();
    NamedPendingUpload replacement = begin("a.txt", "the new one");
    assertThat(names()).as("hidden until it replaces").hasSize(2).contains("a.txt");
    assertThat(Files.readString(downloads.resolve("a.txt"))).isEqualTo("old");

    PublishedFile file = replacement.commitReplacing(old);

    assertThat(Files.readString(downloads.resolve("a.txt"))).isEqualTo("the new one");
    assertThat(file.entityTag()).isNotEqualTo(old).isEqualTo(servedTag("a.txt"));
    assertThat(names()).containsExactly("a.txt");
  }

  @Test
  void a_replacement_of_equal_size_gets_a_new_tag_and_the_old_one_then_fails() throws IOException {
    for (int i = 0; i < 5; i++) { // the tag is time and size: only the time tells these apart
      EntityTag old = put("same-" + i + ".txt", "aa").entityTag();
      PublishedFile replaced = begin("same-" + i + ".txt", "bb").commitReplacing(old);

      assertThat(replaced.entityTag()).isNotEqualTo(old).isEqualTo(servedTag("same-" + i + ".txt"));
      NamedPendingUpload stale = begin("same-" + i + ".txt", "cc");
      assertThatThrownBy(() -> stale.commitReplacing(old)).isInstanceOf(FileChangedException.class);
    }
  }

  @Test
  void two_replacements_of_one_version_never_both_win() throws IOException {
    EntityTag old = put("a.txt", "old").entityTag();
    NamedPendingUpload first = begin("a.txt", "first");
    NamedPendingUpload second = begin("a.txt", "second");

    first.commitReplacing(old);

    assertThatThrownBy(() -> second.commitReplacing(old)).isInstanceOf(FileChangedException.class);
    assertThat(Files.readString(downloads.resolve("a.txt"))).isEqualTo("first");
    assertThat(names()).containsExactly("a.txt");
  }

  @Test
  void a_replacement_for_another_version_keeps_the_file() throws IOException {
    EntityTag old = put("a.txt", "old").entityTag();
    NamedPendingUpload replacement = begin("a.txt", "mine");
    Files.setLastModifiedTime(
        downloads.resolve("a.txt"), FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));

    assertThatThrownBy(() -> replacement.commitReplacing(old))
        .isInstanceOf(FileChangedException.class);
    assertThat(Files.readString(downloads.resolve("a.txt"))).isEqualTo("old");
    assertThat(names()).containsExactly("a.txt");
  }

  @Test
  void a_replacement_of_a_file_that_is_gone_is_refused() throws IOException {
    EntityTag old = put("a.txt", "old").entityTag();
    NamedPendingUpload replacement = begin("a.txt", "mine");
    Files.delete(downloads.resolve("a.txt"));

    assertThatThrownBy(() -> replacement.commitReplacing(old))
        .isInstanceOf(FileChangedException.class);
    assertThat(names()).isEmpty();
  }

  @Test
  void delete_removes_the_file_if_its_tag_matches() throws IOException {
    EntityTag tag = put("a.txt", "old").entityTag();

    assertThatThrownBy(() -> store.delete("a.txt", Optional.of(new EntityTag("\"other\""))))
        .isInstanceOf(FileChangedException.class);
    assertThat(names()).containsExactly("a.txt");

    store.delete("a.txt", Optional.of(tag));
    assertThat(names()).isEmpty();
    assertThatThrownBy(() -> store.delete("a.txt", Optional.empty()))
        .isInstanceOf(NoSuchStoredFileException.class);
  }

  @Test
  void directories_and_links_have_no_tag_and_are_never_removed() throws IOException {
    Files.createDirectory(downloads.resolve("sub"));
    Files.writeString(root.resolve("outside.txt"), "keep");
    Files.createSymbolicLink(downloads.resolve("link.txt"), root.resolve("outside.txt"));

    for (String name : List.of("sub", "link.txt")) {
      assertThat(store.entityTag(name)).as(name).isEmpty();
      assertThatThrownBy(() -> store.delete(name, Optional.empty()))
          .as(name)
          .isInstanceOf(NoSuchStoredFileException.class);
    }
    assertThat(downloads.resolve("sub")).isDirectory();
    assertThat(root.resolve("outside.txt")).hasContent("keep");
  }

  @Test
  void an_aborted_named_upload_leaves_nothing() throws IOException {
    NamedPendingUpload upload = begin("a.txt", "half");
    upload.abort();

    assertThat(names()).isEmpty();
  }

  private PublishedFile put(String name, String text) throws IOException {
    return begin(name, text).commitNew();
  }

  private NamedPendingUpload begin(String name, String text) throws IOException {
    NamedPendingUpload upload = store.beginNamed(name);
    byte[] bytes = text.getBytes(UTF_8);
    upload.write(bytes, 0, bytes.length);
    return upload;
  }

  private EntityTag servedTag(String name) throws IOException {
    FileSystemSite site = new FileSystemSite(new SiteRoot(root));
    SiteEntry entry = site.find(SitePath.parse("/downloads/" + name)).orElseThrow();
    return ((SiteEntry.File) entry).resource().validator().entityTag();
  }

  /** The visible names, and the hidden temporary files: never a lock. */
  private List<String> names() throws IOException {
    try (Stream<Path> files = Files.list(downloads)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(name -> !name.endsWith(".lock")) // the owner's lock, while uploads are in flight
          .sorted()
          .toList();
    }
  }
}
