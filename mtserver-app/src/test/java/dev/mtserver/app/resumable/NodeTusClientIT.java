package dev.mtserver.app.resumable;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.testing.RunningJar;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real tus client, tus-js-client under Node (the npm package the build fetched for the starter
 * site, installed with its dependencies into a temporary directory), uploading to the real jar in 1
 * MiB chunks while the test kills the server with SIGKILL in the middle and starts it again on the
 * same port and directories. The client resumes on its own from the offset the restarted server
 * reports; the stored file is byte-exact, and until its last byte nothing of it is in the uploads
 * directory.
 */
class NodeTusClientIT {

  private static final int FILE_BYTES = 24 << 20;
  private static final int CHUNK_BYTES = 1 << 20;
  private static final long KILL_AFTER_BYTES = 6L << 20;
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void tus_js_client_resumes_after_the_server_is_killed_and_the_file_is_byte_exact()
      throws Exception {
    Path client = installTusJsClient(dir.resolve("client"));
    Path source = dir.resolve("source.bin");
    byte[] content = new byte[FILE_BYTES];
    new Random(20).nextBytes(content);
    Files.write(source, content);
    Path work = Files.createDirectories(dir.resolve("server"));
    Path downloads = work.resolve("public/downloads");

    RunningJar first = RunningJar.start(work, "--port", "0", "--root", "public", "--data", "data");
    Process node = null;
    try (first) {
      URI url = first.awaitUrl(PATIENCE);
      node =
          new ProcessBuilder(
                  "node",
                  client.resolve("tus-upload.js").toString(),
                  url.resolve("/files/").toString(),
                  source.toString(),
                  Integer.toString(CHUNK_BYTES),
                  "60")
              .directory(client.toFile())
              .redirectErrorStream(true)
              .start();
      BlockingQueue<String> lines = lines(node.getInputStream());
      String uploadUrl = awaitLine(lines, "url ").substring(4);
      long accepted = 0;
      while (accepted < KILL_AFTER_BYTES) {
        accepted = Long.parseLong(awaitLine(lines, "accepted ").substring(9));
      }
      assertThat(accepted).as("killed in the middle").isLessThan(FILE_BYTES);

      first.kill();
      first.awaitExit(PATIENCE);
      assertThat(namesIn(downloads))
          .as("nothing of an unfinished upload is in the uploads directory")
          .noneMatch(name -> name.startsWith("node upload"));

      try (RunningJar second =
          RunningJar.start(
              work,
              "--port",
              Integer.toString(url.getPort()),
              "--root",
              "public",
              "--data",
              "data")) {
        second.awaitUrl(PATIENCE);
        HttpResponse<Void> head =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(URI.create(uploadUrl))
                        .header("Tus-Resumable", "1.0.0")
                        .method("HEAD", BodyPublishers.noBody())
                        .build(),
                    BodyHandlers.discarding());
        assertThat(head.statusCode()).isEqualTo(200);
        long reported = Long.parseLong(head.headers().firstValue("Upload-Offset").orElseThrow());
        assertThat(reported)
            .as("the restarted server reports no more than the client was told was kept")
            .isLessThanOrEqualTo(FILE_BYTES);

        awaitLine(lines, "done");
        assertThat(node.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(node.exitValue()).isZero();
      }
      assertThat(namesIn(downloads)).containsOnlyOnce("node upload.bin");
      assertThat(Files.mismatch(downloads.resolve("node upload.bin"), source)).isEqualTo(-1);
    } finally {
      if (node != null) {
        node.destroyForcibly();
      }
    }
  }

  /**
   * Installs the tus-js-client tarball the build fetched (target/npm) with its dependencies into
   * {@code into}, beside the test's script.
   */
  static Path installTusJsClient(Path into) throws IOException, InterruptedException {
    Files.createDirectories(into);
    Path tarball;
    try (DirectoryStream<Path> found =
        Files.newDirectoryStream(Path.of("target", "npm"), "tus-js-client-*.tgz")) {
      tarball = found.iterator().next().toAbsolutePath();
    }
    Process npm =
        new ProcessBuilder(
                "npm",
                "install",
                "--prefer-offline",
                "--no-audit",
                "--no-fund",
                "--ignore-scripts",
                "--silent",
                tarball.toString())
            .directory(into.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(npm.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(npm.exitValue()).as("npm install: %s", output).isZero();
    try (InputStream script =
        NodeTusClientIT.class.getResourceAsStream("/dev/mtserver/app/resumable/tus-upload.js")) {
      Files.copy(script, into.resolve("tus-upload.js"));
    }
    return into;
  }

  private static BlockingQueue<String> lines(InputStream in) {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  lines.add(line);
                }
              } catch (IOException e) {
                lines.add("error reading the client's output: " + e);
              }
            },
            "node-output");
    reader.setDaemon(true);
    reader.start();
    return lines;
  }

  /** The next line starting with {@code prefix}; fails on the client's error or a timeout. */
  private static String awaitLine(BlockingQueue<String> lines, String prefix)
      throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (true) {
      String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      assertThat(line).as("the client printed %s in time", prefix).isNotNull();
      assertThat(line).as("the client failed").doesNotStartWith("error");
      if (line.startsWith(prefix)) {
        return line;
      }
    }
  }

  private static List<String> namesIn(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.map(p -> p.getFileName().toString()).toList();
    }
  }
}
