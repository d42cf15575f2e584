package dev.mtserver.dynamic.cgi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which interpreter {@code --php-cgi auto} picks from a {@code PATH}, and which file it accepts.
 */
class ExecutablesTest {

  @TempDir Path dir;

  @Test
  void the_first_directory_of_the_path_that_holds_an_executable_wins() throws IOException {
    Path first = executable(dir.resolve("first"), "php-cgi");
    executable(dir.resolve("second"), "php-cgi");

    assertThat(Executables.findOnPath("php-cgi", path(dir.resolve("first"), dir.resolve("second"))))
        .contains(first);
  }

  @Test
  void a_file_of_that_name_that_may_not_be_executed_is_passed_over() throws IOException {
    Path notExecutable = Files.createDirectories(dir.resolve("plain")).resolve("php-cgi");
    Files.writeString(notExecutable, "#!/bin/sh\n");
    Path executable = executable(dir.resolve("bin"), "php-cgi");

    assertThat(Executables.findOnPath("php-cgi", path(dir.resolve("plain"), dir.resolve("bin"))))
        .contains(executable);
  }

  @Test
  void a_directory_of_that_name_is_passed_over() throws IOException {
    Files.createDirectories(dir.resolve("a").resolve("php-cgi"));
    Path executable = executable(dir.resolve("b"), "php-cgi");

    assertThat(Executables.findOnPath("php-cgi", path(dir.resolve("a"), dir.resolve("b"))))
        .contains(executable);
  }

  @Test
  void a_malformed_entry_names_nothing_and_the_search_goes_on() throws IOException {
    Path executable = executable(dir.resolve("bin"), "php-cgi");

    assertThat(Executables.findOnPath("php-cgi", "/bad\0entry:" + dir.resolve("bin")))
        .contains(executable);
  }

  @Test
  void no_path_or_no_match_finds_nothing() throws IOException {
    executable(dir.resolve("bin"), "php");

    assertThat(Executables.findOnPath("php-cgi", null)).isEmpty();
    assertThat(Executables.findOnPath("php-cgi", path(dir.resolve("bin")))).isEmpty();
  }

  @Test
  void a_link_to_an_executable_is_one_and_a_dangling_link_is_not() throws IOException {
    Path target = executable(dir.resolve("real"), "php-cgi8.2");
    Path link = Files.createSymbolicLink(dir.resolve("php-cgi"), target);
    Path dangling = Files.createSymbolicLink(dir.resolve("gone"), dir.resolve("nowhere"));

    assertThat(Executables.isExecutableFile(link)).isTrue();
    assertThat(Executables.isExecutableFile(dangling)).isFalse();
    assertThat(Executables.isExecutableFile(dir)).isFalse();
  }

  private static Path executable(Path directory, String name) throws IOException {
    Path file = Files.createDirectories(directory).resolve(name);
    Files.writeString(file, "#!/bin/sh\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  private static String path(Path... directories) {
    StringBuilder value = new StringBuilder();
    for (Path directory : directories) {
      value.append(value.isEmpty() ? "" : ":").append(directory);
    }
    return value.toString();
  }
}
