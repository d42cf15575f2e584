package dev.mtserver.storage.fs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mtserver.domain.upload.NameCandidates;
import dev.mtserver.domain.upload.PendingUpload;
import dev.mtserver.domain.upload.StoredFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemUploadStoreTest {

  @TempDir Path dir;

  private static void write(PendingUpload upload, String text) throws IOException {
    byte[] bytes = text.getBytes(UTF_8);
    upload.write(bytes, 0, bytes.length);
  }

  private List<String> names() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void a_file_is_only_visible_under_its_name_after_commit() throws IOException {
    FileSystemUploadStore store = new FileSystemUploadStore(dir);
    PendingUpload upload = store.begin("report.pdf");
    write(upload, "hello ");
    write(upload, "world");

    assertThat(names())
        .hasSize(2)
        .allSatisfy(name -> assertThat(FileSystemUploadStore.isTemporary(name)).isTrue());
    StoredFile stored = upload.commit();

    assertThat(stored).isEqualTo(new StoredFile("report.pdf", 11));
    assertThat(names()).containsExactly("report.pdf");
    assertThat(Files.readString(dir.resolve("report.pdf"))).isEqualTo("hello world");
  }

  @Test
  void the_temporary_file_is_private_and_the_stored_file_readable_never_executable()
      throws IOException {
    FileSystemUploadStore store = new FileSystemUploadStore(dir);
    PendingUpload upload = store.begin("a.sh");
    List<Path> temporary;
    try (Stream<Path> files = Files.list(dir)) {
      temporary = files.toList(); // the file and its owner's lock
    }
    assertThat(temporary)
        .hasSize(2)
        .allSatisfy(
            temp ->
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(temp)))
                    .isEqualTo("rw-------"));

    upload.commit();

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a.sh"))))
        .isEqualTo("rw-r--r--");
  }

  @Test
  void an_existing_name_is_never_overwritten() throws IOException {
    Files.writeString(dir.resolve("report.pdf"), "original");
    Files.writeString(dir.resolve("report (1).pdf"), "first copy");
    FileSystemUploadStore store = new FileSystemUploadStore(dir);

    PendingUpload upload = store.begin("report.pdf");
    write(upload, "new");

    assertThat(upload.commit().name()).isEqualTo("report (2).pdf");
    assertThat(Files.readString(dir.resolve("report.pdf"))).isEqualTo("original");
    assertThat(Files.readString(dir.resolve("report (1).pdf"))).isEqualTo("first copy");
    assertThat(Files.readString(dir.resolve("report (2).pdf"))).isEqualTo("new");
  }

  @Test
  void a_symbolic_link_under_the_name_is_not_followed_or_replaced() throws IOException {
    Path outside =
        Files.writeString(dir.resolveSibling(dir.getFileName() + "-outside.txt"), "precious");
    Path uploads = Files.createDirectory(dir.resolve("uploads"));
    Files.createSymbolicLink(uploads.resolve("x.txt"), outside);
    FileSystemUploadStore store = new FileSystemUploadStore(uploads);

    PendingUpload upload = store.begin("x.txt");
    write(upload, "attack");

    assertThat(upload.commit().name()).isEqualTo("x (1).txt");
    assertThat(Files.readString(outside)).isEqualTo("precious");
    Files.delete(outside);
  }

  /**
   * Issue 13, finding 5: with 10,000 copies of a.txt stored, each new one used to try every number
   * from 0 up (10,001 failed links, each an exception). The claims per file are now bounded
   * whatever the directory holds.
   */
  @Test
  void beside_ten_thousand_copies_a_file_costs_a_bounded_number_of_claims() throws IOException {
    Files.writeString(dir.resolve("a.txt"), "copy 0");
    for (int n = 1; n <= 10_000; n++) {
      Files.writeString(dir.resolve("a (" + n + ").txt"), "copy " + n);
    }
    AtomicInteger claims = new AtomicInteger();
    FileSystemUploadStore store =
        new FileSystemUploadStore(
            dir,
            (temp, target) -> {
              claims.incrementAndGet();
              Files.createLink(target, temp);
              Files.delete(temp);
            },
            new FileNameEncoding(UTF_8));

    List<String> stored = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      PendingUpload upload = store.begin("a.txt");
      write(upload, "new " + i);
      claims.set(0);
      stored.add(upload.commit().name());

      assertThat(claims.get())
          .as("claims for file %d", i)
          .isLessThanOrEqualTo(NameCandidates.NUMBERED + 2);
    }
    assertThat(stored)
        .doesNotHaveDuplicates()
        .allSatisfy(name -> assertThat(name).matches("a \\([a-z0-9]{6}\\)\\.txt"));
    assertThat(Files.readString(dir.resolve(stored.get(19)))).isEqualTo("new 19");
    assertThat(Files.readString(dir.resolve("a (10000).txt"))).isEqualTo("copy 10000");
  }

  @Test
  void a_name_the_file_system_charset_cannot_spell_is_stored_under_one_it_can() throws IOException {
    FileSystemUploadStore ascii =
        new FileSystemUploadStore(
            dir,
            (temp, target) -> Files.move(temp, target),
            new FileNameEncoding(StandardCharsets.US_ASCII));

    PendingUpload upload = ascii.begin("résumé.pdf");
    write(upload, "cv");

    assertThat(upload.commit().name()).isEqualTo("resume.pdf");
    assertThat(Files.readString(dir.resolve("resume.pdf"))).isEqualTo("cv");
  }

  @Test
  void a_sealed_upload_is_closed_takes_no_more_bytes_and_still_commits() throws IOException {
    FileSystemUploadStore store = new FileSystemUploadStore(dir);
    PendingUpload upload = store.begin("sealed.txt");
    write(upload, "all of it");

    upload.seal();
    upload.seal();

    assertThatThrownBy(() -> write(upload, "more")).isInstanceOf(IllegalStateException.class);
    assertThat(upload.commit()).isEqualTo(new StoredFile("sealed.txt", 9));
    assertThat(Files.readString(dir.resolve("sealed.txt"))).isEqualTo("all of it");
    assertThat(names()).containsExactly("sealed.txt");
  }

  @Test
  void abort_removes_the_temporary_file() throws IOException {
    FileSystemUploadStore store = new FileSystemUploadStore(dir);
    PendingUpload upload = store.begin("a.txt");
    write(upload, "partial");

    upload.abort();
    upload.abort();

    assertThat(names()).isEmpty();
  }

  @Test
  void stale_temporary_files_are_removed_at_start_and_nothing_else() throws IOException {
    Files.writeString(dir.resolve(".upload-0123456789abcdef01234567.part"), "left by a crash");
    Files.writeString(dir.resolve(".keep"), "not ours");
    Files.writeString(dir.resolve("done.txt"), "a stored file");

    new FileSystemUploadStore(dir);

    assertThat(names()).containsExactly(".keep", "done.txt");
  }

  @Test
  void simultaneous_uploads_of_one_name_all_survive() throws Exception {
    FileSystemUploadStore store = new FileSystemUploadStore(dir);
    int uploads = 8;
    CyclicBarrier together = new CyclicBarrier(uploads);
    List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(uploads);
    for (int i = 0; i < uploads; i++) {
      String content = "upload number " + i;
      Thread.ofPlatform()
          .start(
              () -> {
                try {
                  PendingUpload upload = store.begin("same.txt");
                  write(upload, content);
                  together.await();
                  upload.commit();
                } catch (Throwable t) {
                  failures.add(t);
                } finally {
                  done.countDown();
                }
              });
    }
    done.await();

    assertThat(failures).isEmpty();
    List<String> names = names();
    assertThat(names).hasSize(uploads).contains("same.txt", "same (1).txt", "same (7).txt");
    List<String> contents = new ArrayList<>();
    for (String name : names) {
      contents.add(Files.readString(dir.resolve(name)));
    }
    assertThat(contents)
        .containsExactlyInAnyOrder(
            "upload number 0",
            "upload number 1",
            "upload number 2",
            "upload number 3",
            "upload number 4",
            "upload number 5",
            "upload number 6",
            "upload number 7");
  }
}
