package dev.mtserver.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.MtServer;
import dev.mtserver.app.ServerSettings;
import dev.mtserver.app.testing.Eventually;
import dev.mtserver.app.testing.RawHttpClient;
import dev.mtserver.transport.socket.ThreadMode;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Storms of clients that reset the connection (RST, as a crashed client or a dropped network does)
 * at every phase of an exchange. After each storm the server serves the next client, no worker is
 * stuck or dead, no upload is left half-written, and the process holds exactly the sockets, files
 * and server threads it held before (read from {@code /proc/self}).
 */
class ClientResetsIT {

  private static final int STORM = 20;
  private static final Duration PATIENCE = Duration.ofSeconds(15);
  private static final byte[] UPLOAD =
      Forms.upload("storm", "storm.bin", Forms.randomBytes(512 * 1024, 5));

  @TempDir Path dir;

  /** Where in an exchange the client resets. */
  enum Phase {
    MID_REQUEST_LINE,
    MID_HEADERS,
    MID_UPLOAD_BODY,
    MID_CHUNKED_FORM_BODY,
    WAITING_AFTER_100_CONTINUE,
    MID_RESPONSE_OF_A_LARGE_FILE,
    BEFORE_READING_THE_RESPONSE
  }

  @ParameterizedTest
  @EnumSource(ThreadMode.class)
  void resets_at_every_phase_leave_the_server_serving_with_nothing_leaked(ThreadMode mode)
      throws Exception {
    Path root = dir.resolve("public");
    Path uploads = root.resolve("downloads");
    ServerSettings settings =
        ServerSettings.forRoot(root, dir.resolve("data")).toBuilder()
            // no open files kept between requests: every descriptor still open after the
            // storms would then be one a request leaked
            .keptOpenFiles(0)
            .transport(
                t ->
                    t.threadMode(mode)
                        .maxConnections(256)
                        .backlog(128)
                        .headerTimeout(Duration.ofSeconds(5))
                        .bodyTimeout(Duration.ofSeconds(5))
                        .idleTimeout(Duration.ofSeconds(5))
                        .writeTimeout(Duration.ofSeconds(5))
                        .shutdownGrace(Duration.ofSeconds(2)))
            .build();
    Path scratch = Files.createDirectory(dir.resolve("scratch"));
    try (ErrorLog errorLog = new ErrorLog();
        MtServer server = MtServer.start(settings)) {
      Files.write(root.resolve("big.bin"), Forms.randomBytes(8 << 20, 6));
      for (Phase phase : Phase.values()) { // warm up: every lazily opened thing is open
        storm(server, phase, 1, uploads, scratch);
      }
      assertThat(Eventually.within(PATIENCE, () -> server.stats().activeConnections() == 0))
          .isTrue();
      ProcessResources baseline = ProcessResources.now(dir, scratch);

      for (Phase phase : Phase.values()) {
        storm(server, phase, STORM, uploads, scratch);

        boolean settled =
            Eventually.within(
                PATIENCE,
                () ->
                    server.stats().activeConnections() == 0
                        && ProcessResources.now(dir, scratch).sameAs(baseline));
        ProcessResources after = ProcessResources.now(dir, scratch);
        assertThat(settled).as("after resets %s: %s, baseline %s", phase, after, baseline).isTrue();
        assertThat(names(uploads)).as("uploads after %s", phase).isEmpty();
        assertThat(get(server.address(), "/index.html"))
            .as("served after %s", phase)
            .isEqualTo(200);
      }
      assertThat(errorLog.errors()).isEmpty();
    }
  }

  /** {@code count} clients reach {@code phase} together, then all of them reset. */
  private static void storm(MtServer server, Phase phase, int count, Path uploads, Path scratch)
      throws Exception {
    List<RawHttpClient> clients = new ArrayList<>();
    long requestsBefore = server.stats().requests();
    try {
      for (int i = 0; i < count; i++) {
        RawHttpClient client = RawHttpClient.connect(server.address(), PATIENCE, 64 * 1024);
        clients.add(client);
        start(client, phase);
      }
      for (RawHttpClient client : clients) {
        reach(client, phase);
      }
      // every server worker has the request in hand (and each upload its temporary file)
      assertThat(
              Eventually.within(
                  PATIENCE, () -> server.stats().requests() - requestsBefore >= count))
          .isTrue();
      if (phase == Phase.MID_UPLOAD_BODY) {
        assertThat(
                Eventually.within(
                    PATIENCE, // their temporary files, beside one owner lock
                    () ->
                        names(uploads).stream().filter(name -> name.endsWith(".tmp")).count()
                            == count))
            .isTrue();
      }
      // the thread count the checks rely on sees them: one busy worker per client
      assertThat(
              Eventually.within(
                  PATIENCE,
                  () -> ProcessResources.now(scratch, scratch).busyWorkers().size() == count))
          .isTrue();
    } finally {
      for (RawHttpClient client : clients) {
        client.reset();
      }
    }
  }

  private static void start(RawHttpClient client, Phase phase) throws IOException {
    switch (phase) {
      case MID_REQUEST_LINE -> client.send("GET /index.ht");
      case MID_HEADERS ->
          client.send("GET /index.html HTTP/1.1\r\nHost: test\r\nUser-Agent: storm\r\nAcc");
      case MID_UPLOAD_BODY ->
          client
              .send(Forms.post("/upload", Forms.MULTIPART, UPLOAD.length))
              .send(Arrays.copyOf(UPLOAD, UPLOAD.length / 2));
      case MID_CHUNKED_FORM_BODY ->
          client
              .send(
                  RawHttpClient.request(
                      "POST",
                      "/form.html",
                      "Content-Type: " + Forms.URLENCODED,
                      "Transfer-Encoding: chunked"))
              .send("10\r\nname=half-a-chu");
      case WAITING_AFTER_100_CONTINUE ->
          client.send(
              Forms.post("/upload", Forms.MULTIPART, UPLOAD.length, "Expect: 100-continue"));
      case MID_RESPONSE_OF_A_LARGE_FILE, BEFORE_READING_THE_RESPONSE ->
          client.send(RawHttpClient.get("/big.bin"));
    }
  }

  /** Waits until the client sees the server in the phase, where it can tell. */
  private static void reach(RawHttpClient client, Phase phase) throws IOException {
    switch (phase) {
      case WAITING_AFTER_100_CONTINUE -> {
        byte[] interim = client.input().readNBytes("HTTP/1.1 100 Continue\r\n\r\n".length());
        assertThat(new String(interim, StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 100 ");
      }
      case MID_RESPONSE_OF_A_LARGE_FILE -> {
        InputStream in = client.input();
        assertThat(in.readNBytes(64 * 1024)).hasSize(64 * 1024);
      }
      default -> {}
    }
  }

  private static int get(InetSocketAddress server, String path) throws IOException {
    try (RawHttpClient client = RawHttpClient.connect(server, PATIENCE)) {
      return client.send(RawHttpClient.get(path)).readPossiblyCutResponse().status();
    }
  }

  private static List<String> names(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(p -> p.getFileName().toString()).toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
