package dev.mtserver.storage.fs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.mtserver.domain.upload.PendingUpload;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several instances may share one uploads directory (docs/operations.md). One that starts must
 * remove what crashed processes left, and nothing that a living one is still writing.
 */
class SharedUploadsDirectoryTest {

  @TempDir Path dir;
  @TempDir Path scratch;

  @Test
  @EnabledOnOs(OS.LINUX)
  void a_fifo_under_a_temporary_name_is_removed_without_waiting_for_a_writer() throws Exception {
    Path fifo = dir.resolve(".upload-ffeeddccbbaa998877665544.part");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0).isTrue();

    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> new FileSystemUploadStore(dir));

    assertThat(names()).isEmpty();
  }

  private List<String> names() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void a_store_opened_beside_an_upload_in_flight_leaves_it_to_finish() throws Exception {
    FileSystemUploadStore store = new FileSystemUploadStore(dir);
    PendingUpload finished = store.begin("small.txt");
    byte[] small = "received whole".getBytes(UTF_8);
    finished.write(small, 0, small.length);
    finished.seal(); // closed: only the owner's lock protects it now
    PendingUpload upload = store.begin("big.bin");
    byte[] first = "first half, ".getBytes(UTF_8);
    upload.write(first, 0, first.length);

    new FileSystemUploadStore(dir); // a second store starting on the same directory, in this JVM

    // Still locked as seen from other processes: on Linux, closing any channel to a file drops
    // every lock this JVM holds on it, so the clean-up must not even open the lock file.
    assertThat(new OtherProcessLocks(scratch).probe(ownerLock())).isEqualTo("locked");
    byte[] second = "second half".getBytes(UTF_8);
    upload.write(second, 0, second.length);
    finished.commit();
    upload.commit();
    assertThat(names()).containsExactly("big.bin", "small.txt");
    assertThat(Files.readString(dir.resolve("big.bin"))).isEqualTo("first half, second half");
    assertThat(Files.readString(dir.resolve("small.txt"))).isEqualTo("received whole");
  }

  @Test
  void the_files_of_an_owner_locked_by_another_process_survive_until_that_process_is_gone()
      throws Exception {
    Path lock = Files.writeString(dir.resolve(".upload-00112233445566778899aabb.lock"), "");
    Files.writeString(
        dir.resolve(".upload-00112233445566778899aabb-1.tmp"), "received, closed, waiting");
    Files.writeString(dir.resolve(".upload-00112233445566778899aabb-2.tmp"), "being written");
    Process holder = new OtherProcessLocks(scratch).hold(lock);
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(holder.getInputStream(), UTF_8));
      assertThat(out.readLine()).isEqualTo("locked");

      new FileSystemUploadStore(dir);
      assertThat(names()).as("locked by a living process").hasSize(3);
    } finally {
      holder.getOutputStream().close(); // the holder exits, and its lock with it
      assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    new FileSystemUploadStore(dir);
    assertThat(names()).as("its process is gone").isEmpty();
  }

  @Test
  void the_owner_lock_is_held_only_while_uploads_are_in_flight() throws Exception {
    FileSystemUploadStore store = new FileSystemUploadStore(dir);
    PendingUpload upload = store.begin("a.txt");
    upload.seal();
    Path lock = ownerLock();
    assertThat(new OtherProcessLocks(scratch).probe(lock)).isEqualTo("locked");

    upload.commit();

    assertThat(lock).doesNotExist();
    assertThat(names()).containsExactly("a.txt");
  }

  @Test
  void a_temporary_file_locked_by_another_process_survives_until_that_process_is_gone()
      throws Exception {
    Path temp =
        Files.writeString(dir.resolve(".upload-00112233445566778899aabb.part"), "in flight");
    Process holder = new OtherProcessLocks(scratch).hold(temp);
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(holder.getInputStream(), UTF_8));
      assertThat(out.readLine()).isEqualTo("locked");

      new FileSystemUploadStore(dir);
      assertThat(names()).as("locked by a living process").contains(temp.getFileName().toString());
    } finally {
      holder.getOutputStream().close(); // the holder exits, and its lock with it
      assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    new FileSystemUploadStore(dir);
    assertThat(names()).as("its process is gone").isEmpty();
  }

  private Path ownerLock() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(
              p ->
                  TemporaryNames.classify(p.getFileName().toString())
                      instanceof TemporaryNames.OwnerLock)
          .findFirst()
          .orElseThrow();
    }
  }
}
