package dev.mtserver.app.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.MtServer;
import dev.mtserver.app.ServerSettings;
import dev.mtserver.app.testing.RawHttpClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promises of a multipart upload, kept by {@code PUT} (issue 19, outcome 2; ADR 0046): a PUT
 * cut off mid-body leaves nothing, not even in the listing; a body over {@code --max-upload-size}
 * is 413 whether its length is announced or it is chunked, and nothing is kept; two PUTs of one new
 * name at once store one file and answer the other 409, never one over the other.
 */
class PutPromisesIT {

  private static final int MAX_UPLOAD = 256 * 1024;
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

  @TempDir static Path dir;
  static MtServer server;
  static Path downloads;

  @BeforeAll
  static void start() throws IOException {
    Path root = Files.createDirectories(dir.resolve("public"));
    downloads = root.resolve("downloads");
    server =
        MtServer.start(
            ServerSettings.forRoot(root, dir.resolve("data")).toBuilder()
                .maxUploadSize(MAX_UPLOAD)
                .build());
  }

  @AfterAll
  static void stop() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void a_put_cut_off_mid_body_leaves_nothing_visible_and_no_partial() throws Exception {
    try (RawHttpClient client = RawHttpClient.connect(server.address(), READ_TIMEOUT)) {
      client.send(RawHttpClient.request("PUT", "/downloads/cut.bin", "Content-Length: 200000"));
      client.send(new byte[100_000]);
      assertThat(
              UploadsDirectory.await(
                  downloads,
                  names -> names.stream().anyMatch(n -> n.endsWith(".tmp")),
                  Duration.ofSeconds(5)))
          .as("the body is being stored, hidden")
          .isTrue();
      assertThat(UploadsDirectory.visibleNames(downloads)).doesNotContain("cut.bin");
      assertThat(listing()).doesNotContain("cut.bin").doesNotContain(".tmp");
    } // closed with half the body sent
    assertThat(
            UploadsDirectory.await(
                downloads,
                names -> names.stream().noneMatch(n -> n.endsWith(".tmp")),
                Duration.ofSeconds(5)))
        .as("the partial is removed")
        .isTrue();
    assertThat(UploadsDirectory.visibleNames(downloads)).doesNotContain("cut.bin");
    assertThat(get("/downloads/cut.bin").status()).isEqualTo(404);
  }

  @Test
  void a_content_length_over_the_limit_is_413_before_any_body_byte() throws Exception {
    try (RawHttpClient client = RawHttpClient.connect(server.address(), READ_TIMEOUT)) {
      RawHttpClient.Response response =
          client
              .send(
                  RawHttpClient.request(
                      "PUT", "/downloads/big.bin", "Content-Length: " + (MAX_UPLOAD + 1)))
              .readResponse();
      assertThat(response.status()).isEqualTo(413);
      assertThat(response.header("Connection")).contains("close");
    }
    assertThat(UploadsDirectory.names(downloads)).doesNotContain("big.bin");
  }

  @Test
  void a_chunked_body_that_passes_the_limit_is_413_and_nothing_is_kept() throws Exception {
    try (RawHttpClient client = RawHttpClient.connect(server.address(), READ_TIMEOUT)) {
      client.send(
          RawHttpClient.request("PUT", "/downloads/chunked.bin", "Transfer-Encoding: chunked"));
      byte[] chunk = new byte[64 * 1024];
      String size = Integer.toHexString(chunk.length) + "\r\n";
      try {
        for (int i = 0; i < MAX_UPLOAD / chunk.length + 2; i++) {
          client.send(size).send(chunk).send("\r\n");
        }
        client.send("0\r\n\r\n");
      } catch (IOException answeredAndClosed) {
        // the server may answer and close before the last chunks
      }
      RawHttpClient.Response response = client.readPossiblyCutResponse();
      assertThat(response.status()).isEqualTo(413);
    }
    assertThat(
            UploadsDirectory.await(
                downloads,
                names -> names.stream().noneMatch(n -> n.endsWith(".tmp")),
                Duration.ofSeconds(5)))
        .isTrue();
    assertThat(UploadsDirectory.names(downloads)).doesNotContain("chunked.bin");
  }

  @Test
  void two_puts_of_one_new_name_at_once_store_one_and_answer_the_other_409() throws Exception {
    byte[] first = bytes(1, 100_000);
    byte[] second = bytes(2, 100_000);
    try (RawHttpClient a = RawHttpClient.connect(server.address(), READ_TIMEOUT);
        RawHttpClient b = RawHttpClient.connect(server.address(), READ_TIMEOUT)) {
      String head = RawHttpClient.request("PUT", "/downloads/race.bin", "Content-Length: 100000");
      // both are admitted while the name is free, and both stream...
      a.send(head).send(Arrays.copyOf(first, 50_000));
      b.send(head).send(Arrays.copyOf(second, 50_000));
      assertThat(
              UploadsDirectory.await(
                  downloads,
                  names -> names.stream().filter(n -> n.endsWith(".tmp")).count() == 2,
                  Duration.ofSeconds(5)))
          .isTrue();
      // ...then both finish: the first to publish wins the name
      a.send(Arrays.copyOfRange(first, 50_000, first.length));
      b.send(Arrays.copyOfRange(second, 50_000, second.length));
      List<Integer> statuses = new ArrayList<>();
      statuses.add(a.readResponse().status());
      statuses.add(b.readResponse().status());

      assertThat(statuses).containsExactlyInAnyOrder(201, 409);
      byte[] stored = Files.readAllBytes(downloads.resolve("race.bin"));
      assertThat(stored).isEqualTo(statuses.get(0) == 201 ? first : second);
    }
    assertThat(UploadsDirectory.visibleNames(downloads)).containsOnlyOnce("race.bin");
    assertThat(UploadsDirectory.visibleNames(downloads)).noneMatch(n -> n.startsWith("race ("));
  }

  private static byte[] bytes(long seed, int length) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static String listing() throws IOException {
    return new String(get("/downloads/?format=json").body(), StandardCharsets.UTF_8);
  }

  private static RawHttpClient.Response get(String target) throws IOException {
    try (RawHttpClient client = RawHttpClient.connect(server.address(), READ_TIMEOUT)) {
      return client.send(RawHttpClient.get(target)).readResponse();
    }
  }
}
