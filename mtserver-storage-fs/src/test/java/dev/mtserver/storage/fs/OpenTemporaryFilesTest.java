package dev.mtserver.storage.fs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.domain.upload.StoredFile;
import dev.mtserver.domain.upload.UploadBatch;
import dev.mtserver.domain.upload.UploadService;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, finding 4: the files of one request wait, hidden, until the request ends, but a file
 * that is complete is no longer held open. A request of a hundred files costs one descriptor for
 * the file being written (and one lock for all of this process's uploads), not a hundred.
 */
@EnabledOnOs(OS.LINUX)
class OpenTemporaryFilesTest {

  @TempDir Path dir;

  @Test
  void a_request_of_many_files_holds_open_only_the_file_it_is_writing() throws IOException {
    FileSystemUploadStore store = new FileSystemUploadStore(dir);
    Path real = store.directory();
    UploadService uploads = new UploadService(store);

    List<StoredFile> stored;
    try (UploadBatch batch = uploads.begin()) {
      for (int i = 0; i < 50; i++) {
        batch.add("file-" + i + ".txt", new ByteArrayInputStream(("content " + i).getBytes(UTF_8)));
      }
      assertThat(hiddenNames()).as("the files wait, hidden").hasSizeGreaterThanOrEqualTo(50);

      assertThat(openUnder(real))
          .as("descriptors open in the uploads directory")
          .hasSizeLessThanOrEqualTo(1);

      stored = batch.commit();
    }
    assertThat(stored).hasSize(50);
    assertThat(Files.readString(dir.resolve("file-49.txt"))).isEqualTo("content 49");
    assertThat(openUnder(real)).as("nothing stays open once the request has ended").isEmpty();
    assertThat(hiddenNames()).as("nothing hidden is left").isEmpty();
  }

  @Test
  void an_aborted_request_closes_and_removes_everything() throws IOException {
    FileSystemUploadStore store = new FileSystemUploadStore(dir);
    UploadService uploads = new UploadService(store);

    try (UploadBatch batch = uploads.begin()) {
      for (int i = 0; i < 5; i++) {
        batch.add("file-" + i + ".txt", new ByteArrayInputStream("partial".getBytes(UTF_8)));
      }
    } // closed without a commit: the request failed

    assertThat(openUnder(store.directory())).isEmpty();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  private List<String> hiddenNames() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
    }
  }

  /** Where this process's descriptors point, for those under {@code directory}. */
  private static List<String> openUnder(Path directory) throws IOException {
    List<String> targets = new ArrayList<>();
    try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
      for (Path descriptor : descriptors) {
        try {
          String target = Files.readSymbolicLink(descriptor).toString();
          if (target.startsWith(directory + "/")) {
            targets.add(target);
          }
        } catch (IOException closedMeanwhile) {
          // closed while we looked
        }
      }
    }
    return targets;
  }
}
