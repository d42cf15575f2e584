package dev.mtserver.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mtserver.app.testing.RunningJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, finding 7: the data directory holds what nobody may download (the submissions log with
 * names and addresses, request bodies spooled for scripts), and so does an access log file. A
 * layout that would put any of it inside the site root, or mix it with the uploads directory, is
 * refused at start: one line, exit 2, and nothing served.
 */
class DataDirectoryIT {

  private static final Duration EXIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  @Test
  void a_data_directory_inside_the_root_is_refused_with_one_line_and_exit_2() throws Exception {
    try (RunningJar jar =
        RunningJar.start(dir, "--port", "0", "--root", "public", "--data", "public/data")) {
      assertThat(jar.awaitExit(EXIT)).isEqualTo(2);

      assertThat(jar.stderr())
          .singleElement()
          .asString()
          .startsWith("mtserver: ")
          .contains("--data", "public/data", "--root", "inside");
      assertThat(jar.stdout()).noneMatch(line -> line.contains("http://"));
    }
    assertThat(dir.resolve("public/data")).doesNotExist();
  }

  @Test
  void a_data_directory_reached_through_a_symbolic_link_into_the_root_is_refused()
      throws Exception {
    Files.createDirectories(dir.resolve("public/private"));
    Files.createSymbolicLink(dir.resolve("records"), dir.resolve("public/private"));

    try (RunningJar jar =
        RunningJar.start(dir, "--port", "0", "--root", "public", "--data", "records")) {
      assertThat(jar.awaitExit(EXIT)).isEqualTo(2);
      assertThat(jar.stderr()).singleElement().asString().contains("--data", "records", "--root");
    }
  }

  @Test
  void a_spool_directory_linked_into_the_root_is_refused() throws Exception {
    Files.createDirectories(dir.resolve("public/bodies"));
    Files.createDirectories(dir.resolve("data"));
    Files.createSymbolicLink(
        dir.resolve("data").resolve(MtServer.SPOOL_DIRECTORY), dir.resolve("public/bodies"));

    try (RunningJar jar =
        RunningJar.start(dir, "--port", "0", "--root", "public", "--data", "data")) {
      assertThat(jar.awaitExit(EXIT)).isEqualTo(2);
      assertThat(jar.stderr()).singleElement().asString().contains("spool", "--root");
    }
  }

  @Test
  void uploads_and_data_sharing_a_tree_are_refused_either_way() throws Exception {
    for (List<String> layout :
        List.of(
            List.of("--data", "data", "--uploads", "data/incoming"),
            List.of("--data", "store/records", "--uploads", "store"),
            List.of("--data", "data", "--uploads", "data"))) {
      List<String> args = new ArrayList<>(List.of("--port", "0", "--root", "public"));
      args.addAll(layout);
      try (RunningJar jar = RunningJar.start(dir, args.toArray(String[]::new))) {
        assertThat(jar.awaitExit(EXIT)).as("%s", layout).isEqualTo(2);
        assertThat(jar.stderr())
            .as("%s", layout)
            .singleElement()
            .asString()
            .contains("--data", "--uploads");
      }
    }
  }

  @Test
  void an_access_log_file_inside_the_root_is_refused_too() throws Exception {
    try (RunningJar jar =
        RunningJar.start(
            dir, "--port", "0", "--root", "public", "--access-log", "public/access.log")) {
      assertThat(jar.awaitExit(EXIT)).isEqualTo(2);
      assertThat(jar.stderr())
          .singleElement()
          .asString()
          .contains("--access-log", "public/access.log", "--root");
    }
    assertThat(dir.resolve("public/access.log")).doesNotExist();
  }

  @Test
  void a_layout_from_the_environment_says_where_the_value_came_from() throws Exception {
    try (RunningJar jar =
        RunningJar.startWithEnvironment(
            dir, Map.of("MTSERVER_DATA", "public/records"), "--port", "0", "--root", "public")) {
      assertThat(jar.awaitExit(EXIT)).isEqualTo(2);
      assertThat(jar.stderr())
          .singleElement()
          .asString()
          .contains("environment variable MTSERVER_DATA");
    }
  }

  @Test
  void an_embedding_program_is_refused_too() {
    Path root = dir.resolve("site");

    assertThatThrownBy(() -> MtServer.start(ServerSettings.forRoot(root, root.resolve("data"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("inside");
  }

  @Test
  void the_default_layout_and_a_root_beside_the_data_directory_start() throws Exception {
    try (MtServer server =
        MtServer.start(ServerSettings.forRoot(dir.resolve("public"), dir.resolve("data")))) {
      assertThat(server.address().getPort()).isPositive();
    }
  }
}
