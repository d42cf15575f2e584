package dev.mtserver.app.resumable;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.testing.RunningJar;
import dev.mtserver.app.upload.GeneratedPayload;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
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
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real tus client, tus-js-client under Node (the npm package the build fetched for the starter
 * site, installed with its dependencies into a temporary directory), uploading 200 MiB to the real
 * jar in 8 MiB chunks, as fast as it can, while the test kills the server with SIGKILL in the
 * middle of a {@code PATCH} (once the upload's partial file holds part of a chunk past {@link
 * #KILL_AFTER_BYTES}) and starts it again on the same port and directories.
 *
 * <p>The crash check of issue 20: after the restart, {@code HEAD} reports an offset that is at
 * least what the client was told was kept and never more than the partial file held on disk when
 * the server died; the restarted server has cut the partial back to that offset; the client resumes
 * from there by itself (it does not start from zero) and finishes; the stored file's SHA-256 is the
 * source's, and until its last byte nothing of it is in the uploads directory.
 */
class NodeTusClientIT {

  private static final long FILE_BYTES = 200L << 20;
  private static final int CHUNK_BYTES = 8 << 20;
  private static final long KILL_AFTER_BYTES = 72L << 20;
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void tus_js_client_resumes_after_the_server_is_killed_mid_patch_and_the_file_is_byte_exact()
      throws Exception {
    Path client = installTusJsClient(dir.resolve("client"));
    Path source = dir.resolve("source.bin");
    String sourceSha256;
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(source), 1 << 20)) {
      sourceSha256 = new GeneratedPayload(FILE_BYTES, 20).writeTo(out);
    }
    Path work = Files.createDirectories(dir.resolve("server"));
    Path downloads = work.resolve("public/downloads");
    Path resumable = work.resolve("data/resumable");

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
                  "0")
              .directory(client.toFile())
              .redirectErrorStream(true)
              .start();
      ClientOutput output = new ClientOutput(node.getInputStream());
      String uploadUrl = output.awaitLine("url ").substring(4);
      Path partial =
          resumable.resolve(uploadUrl.substring(uploadUrl.lastIndexOf('/') + 1) + ".part");

      long seen = awaitInTheMiddleOfAChunk(partial);
      first.kill(); // SIGKILL while the PATCH that is writing those bytes goes on
      first.awaitExit(PATIENCE);
      signal(node, "STOP"); // the client waits while the test looks at what the crash left
      long onDisk = Files.size(partial);
      assertThat(onDisk).as("killed in the middle of the file").isBetween(seen, FILE_BYTES - 1);
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
        long told = output.lastAccepted(); // the stopped client's last lines are read by now
        assertThat(reported)
            .as("HEAD after the restart reports no more than was on disk when the server died")
            .isLessThanOrEqualTo(onDisk)
            .as("and no less than the client was told was kept: the upload resumes, not restarts")
            .isGreaterThanOrEqualTo(told)
            .isPositive();
        assertThat(Files.size(partial))
            .as("the restarted server cut the partial back to the offset it reports")
            .isEqualTo(reported);

        signal(node, "CONT");
        output.awaitLine("done");
        assertThat(node.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(node.exitValue()).isZero();
        assertThat(output.accepted)
            .as("the client's progress went on from the offset, never back to the start")
            .isSorted()
            .doesNotHaveDuplicates()
            .last()
            .isEqualTo(FILE_BYTES);
      }
      assertThat(namesIn(downloads)).containsOnlyOnce("node upload.bin");
      Path stored = downloads.resolve("node upload.bin");
      assertThat(Files.size(stored)).isEqualTo(FILE_BYTES);
      assertThat(sha256Of(stored)).as("byte-exact").isEqualTo(sourceSha256);
    } finally {
      if (node != null) {
        node.destroyForcibly();
      }
    }
  }

  /**
   * Waits until the partial file holds more than {@link #KILL_AFTER_BYTES} and part of a chunk: a
   * {@code PATCH} is writing into it. Returns the size seen.
   */
  private static long awaitInTheMiddleOfAChunk(Path partial) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      long size = Files.exists(partial) ? Files.size(partial) : 0;
      if (size > KILL_AFTER_BYTES && size % CHUNK_BYTES != 0) {
        return size;
      }
      Thread.sleep(2);
    }
    throw new AssertionError("the partial file never passed " + KILL_AFTER_BYTES + " bytes");
  }

  /** Sends {@code SIGname} to the process (Java stops and continues no process by itself). */
  private static void signal(Process process, String name) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).as("kill -%s", name).isZero();
  }

  private static String sha256Of(Path file) throws IOException {
    MessageDigest sha256 = GeneratedPayload.sha256();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 20];
      int n;
      while ((n = in.read(buffer)) > 0) {
        sha256.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(sha256.digest());
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

  /**
   * The client's lines, read on a thread of their own; the offsets it reported ({@code accepted N})
   * are remembered as they arrive, so a test can ask what it had been told at any moment.
   */
  private static final class ClientOutput {
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<Long> accepted = new CopyOnWriteArrayList<>();

    ClientOutput(InputStream in) {
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = r.readLine()) != null) {
                    if (line.startsWith("accepted ")) {
                      accepted.add(Long.parseLong(line.substring(9)));
                    }
                    lines.add(line);
                  }
                } catch (IOException e) {
                  lines.add("error reading the client's output: " + e);
                }
              },
              "node-output");
      reader.setDaemon(true);
      reader.start();
    }

    /** The highest offset the client had been told was kept, 0 before the first. */
    long lastAccepted() {
      return accepted.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    /** The next line starting with {@code prefix}; fails on the client's error or a timeout. */
    String awaitLine(String prefix) throws InterruptedException {
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
