package dev.mtserver.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the start-up clean-up does with what it finds under the store's temporary names: a crashed
 * process's files go; anything that is not a regular file is removed without being opened or
 * followed when it can be, and left with a warning when it cannot (a directory with files in it);
 * nothing it finds ever stops the store from opening (issue 13, finding 8).
 */
class StartupCleanupTest {

  @TempDir Path dir;
  @TempDir Path outside;

  private List<String> names() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void a_directory_with_files_in_it_under_a_temporary_name_is_left_alone_and_the_store_opens()
      throws IOException {
    Path legacy = Files.createDirectories(dir.resolve(".upload-00112233445566778899aabb.part"));
    Files.writeString(legacy.resolve("someone's.txt"), "kept");
    Path current =
        Files.createDirectories(dir.resolve(".upload-00112233445566778899aabb-3.tmp/inner"));

    new FileSystemUploadStore(dir);

    assertThat(Files.readString(legacy.resolve("someone's.txt"))).isEqualTo("kept");
    assertThat(current).isDirectory();
    assertThat(names())
        .containsExactly(
            ".upload-00112233445566778899aabb-3.tmp", ".upload-00112233445566778899aabb.part");
  }

  @Test
  void empty_directories_links_and_sockets_under_temporary_names_are_removed_never_followed()
      throws IOException {
    Files.createDirectory(dir.resolve(".upload-0000000000000000000000aa.part"));
    Path precious = Files.writeString(outside.resolve("precious.txt"), "precious");
    Files.createSymbolicLink(dir.resolve(".upload-0000000000000000000000bb.part"), precious);
    Files.createSymbolicLink(dir.resolve(".upload-0000000000000000000000bb-1.tmp"), precious);
    Files.createSymbolicLink(dir.resolve(".upload-0000000000000000000000bb.lock"), precious);
    try (ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      socket.bind(UnixDomainSocketAddress.of(dir.resolve(".upload-0000000000000000000000cc.part")));
    }

    new FileSystemUploadStore(dir);

    assertThat(names()).isEmpty();
    assertThat(Files.readString(precious)).isEqualTo("precious");
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void a_fifo_under_a_new_temporary_name_is_removed_without_waiting_for_a_writer()
      throws Exception {
    for (String name :
        List.of(
            ".upload-0000000000000000000000dd-7.tmp", ".upload-0000000000000000000000dd.lock")) {
      Process mkfifo =
          new ProcessBuilder("mkfifo", dir.resolve(name).toString()).inheritIO().start();
      assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0).isTrue();
    }

    new FileSystemUploadStore(dir);

    assertThat(names()).isEmpty();
  }

  @Test
  void a_dead_processs_lock_and_files_are_removed_and_names_that_are_not_ours_stay()
      throws IOException {
    Files.writeString(dir.resolve(".upload-0123456789abcdef01234567.lock"), "");
    Files.writeString(
        dir.resolve(".upload-0123456789abcdef01234567-1.tmp"), "finished, never committed");
    Files.writeString(dir.resolve(".upload-0123456789abcdef01234567-2.tmp"), "half written");
    Files.writeString(
        dir.resolve(".upload-fedcba9876543210fedcba98-1.tmp"), "its lock already gone");
    Files.writeString(dir.resolve(".upload-notes.txt"), "not a name the store makes");

    new FileSystemUploadStore(dir);

    assertThat(names()).containsExactly(".upload-notes.txt");
  }
}
