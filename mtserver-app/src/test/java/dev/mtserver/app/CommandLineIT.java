package dev.mtserver.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.mtserver.app.testing.RunningJar;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real jar, started as a user would start it. */
class CommandLineIT {

  private static final Duration STARTUP = Duration.ofSeconds(30);

  @TempDir Path dir;

  @Test
  void with_no_arguments_in_an_empty_directory_it_creates_and_serves_the_starter_site()
      throws Exception {
    try (RunningJar jar = RunningJar.start(dir)) {
      URI url = jar.awaitUrl(STARTUP);

      assertThat(url.getHost()).isEqualTo("127.0.0.1");
      assertThat(url.getPort()).isBetween(8080, 8099);
      var response =
          HttpClient.newHttpClient()
              .send(HttpRequest.newBuilder(url).build(), BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("MTServer");
      assertThat(dir.resolve("public/index.html")).isRegularFile();
      assertThat(dir.resolve("data")).isDirectory();
      assertThat(String.join("\n", jar.stderr())).contains("starter site");
    }
  }

  @Test
  void port_zero_prints_the_real_ephemeral_port() throws Exception {
    try (RunningJar jar = RunningJar.start(dir, "--port", "0")) {
      URI url = jar.awaitUrl(STARTUP);

      assertThat(url.getPort()).isPositive().isNotEqualTo(8080);
      assertThat(jar.stdout()).anySatisfy(line -> assertThat(line).contains(url.toString()));
    }
  }

  @Test
  void without_port_a_busy_8080_falls_back_to_the_next_free_port() throws Exception {
    try (ServerSocket blocker = tryBind(8080)) {
      assumeThat(blocker).as("port 8080 could be bound by the test").isNotNull();
      try (RunningJar jar = RunningJar.start(dir)) {
        URI url = jar.awaitUrl(STARTUP);

        assertThat(url.getPort()).isBetween(8081, 8099);
      }
    }
  }

  @Test
  void an_explicit_busy_port_is_an_error() throws Exception {
    try (ServerSocket blocker = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int busy = blocker.getLocalPort();
      try (RunningJar jar = RunningJar.start(dir, "--port", Integer.toString(busy))) {
        assertThat(jar.awaitExit(STARTUP)).isEqualTo(1);
        assertThat(String.join("\n", jar.stderr())).contains(Integer.toString(busy));
      }
    }
  }

  @Test
  void a_root_that_is_a_regular_file_is_a_clear_error() throws Exception {
    Files.writeString(dir.resolve("site.txt"), "not a directory");

    try (RunningJar jar = RunningJar.start(dir, "--port", "0", "--root", "site.txt")) {
      assertThat(jar.awaitExit(STARTUP)).isEqualTo(1);
      assertThat(jar.stderr())
          .anySatisfy(
              line ->
                  assertThat(line)
                      .contains("--root")
                      .contains("site.txt")
                      .contains("not a directory"));
    }
  }

  @Test
  void a_bad_flag_value_exits_2_with_one_line() throws Exception {
    try (RunningJar jar = RunningJar.start(dir, "--max-upload-size", "lots")) {
      assertThat(jar.awaitExit(STARTUP)).isEqualTo(2);
      assertThat(jar.stderr()).hasSize(1);
      assertThat(jar.stderr().get(0)).contains("--max-upload-size");
    }
  }

  private static ServerSocket tryBind(int port) throws IOException {
    ServerSocket socket = new ServerSocket();
    try {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return socket;
    } catch (BindException e) {
      socket.close();
      return null;
    }
  }
}
