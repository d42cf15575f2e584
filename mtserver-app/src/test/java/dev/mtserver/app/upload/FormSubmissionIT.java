package dev.mtserver.app.upload;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.MtServer;
import dev.mtserver.app.ServerSettings;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outcome 1: urlencoded forms posted to pages are recorded durably, one whole JSON line each. */
class FormSubmissionIT {

  @TempDir static Path dir;
  static MtServer server;
  static Path log;
  static final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() throws Exception {
    server = MtServer.start(ServerSettings.forRoot(dir.resolve("public"), dir.resolve("data")));
    log = dir.resolve("data").resolve(MtServer.SUBMISSIONS_FILE);
  }

  @AfterAll
  static void stop() throws Exception {
    client.close(); // idle keep-alive connections would hold the server's shutdown grace
    server.close();
  }

  private int linesBefore;

  @BeforeEach
  void countLines() throws Exception {
    linesBefore = SubmissionLines.read(log).size();
  }

  /** The lines this test added; the log is append-only and shared by the tests of this class. */
  private List<SubmissionLines.Line> newLines() throws Exception {
    List<SubmissionLines.Line> all = SubmissionLines.read(log);
    return all.subList(linesBefore, all.size());
  }

  private HttpResponse<String> post(String path, String contentType, String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(server.url().resolve(path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", contentType)
            .POST(BodyPublishers.ofString(body, UTF_8))
            .build();
    return client.send(request, BodyHandlers.ofString());
  }

  @Test
  void a_form_post_is_recorded_before_the_page_is_served_like_get() throws Exception {
    Instant before = Instant.now();

    HttpResponse<String> response =
        post(
            "/form.html",
            "application/x-www-form-urlencoded",
            "name=Zo%C3%AB+Smith&email=zoe%40example.org&message=line+1%0D%0Aline+2&name=again");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(Files.readString(dir.resolve("public/form.html"), UTF_8));
    List<SubmissionLines.Line> lines = newLines(); // read the moment the answer came
    assertThat(lines)
        .singleElement()
        .satisfies(
            line -> {
              assertThat(line.path()).isEqualTo("/form.html");
              assertThat(line.remoteAddress()).isEqualTo("127.0.0.1");
              assertThat(Instant.parse(line.time()))
                  .isBetween(before.minusSeconds(1), Instant.now());
              assertThat(line.fields())
                  .containsExactly(
                      "name=Zoë Smith",
                      "email=zoe@example.org",
                      "message=line 1\r\nline 2",
                      "name=again");
            });
  }

  @Test
  void malformed_form_data_is_400_and_nothing_is_recorded() throws Exception {
    assertThat(post("/form.html", "application/x-www-form-urlencoded", "a=%ZZ").statusCode())
        .isEqualTo(400);
    assertThat(post("/form.html", "application/x-www-form-urlencoded", "a=%C3").statusCode())
        .isEqualTo(400);
    assertThat(newLines()).isEmpty();
  }

  @Test
  void another_body_type_is_415_and_nothing_is_recorded() throws Exception {
    HttpResponse<String> response = post("/form.html", "application/json", "{\"a\":1}");

    assertThat(response.statusCode()).isEqualTo(415);
    assertThat(response.headers().firstValue("Accept-Post")).isPresent();
    assertThat(newLines()).isEmpty();
  }

  @Test
  void a_post_to_a_path_that_is_not_a_page_is_404_and_nothing_is_recorded() throws Exception {
    assertThat(post("/no-such-page.html", "application/x-www-form-urlencoded", "a=1").statusCode())
        .isEqualTo(404);
    assertThat(post("/upload", "application/x-www-form-urlencoded", "a=1").statusCode())
        .isEqualTo(404);
    assertThat(newLines()).isEmpty();
  }

  @Test
  void concurrent_submissions_are_whole_lines_none_lost() throws Exception {
    int clients = 16;
    int each = 10;
    String big = "x".repeat(30_000); // far beyond what one write(2) is guaranteed to keep whole
    List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      for (int i = 0; i < each; i++) {
        HttpRequest request =
            HttpRequest.newBuilder(server.url().resolve("/form.html"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString("client=" + c + "&i=" + i + "&pad=" + big))
                .build();
        sent.add(client.sendAsync(request, BodyHandlers.ofString()));
      }
    }
    for (CompletableFuture<HttpResponse<String>> response : sent) {
      assertThat(response.get().statusCode()).isEqualTo(200);
    }

    List<SubmissionLines.Line> lines = newLines();
    assertThat(lines).hasSize(clients * each);
    Set<String> seen = new HashSet<>();
    for (SubmissionLines.Line line : lines) {
      assertThat(line.fields()).hasSize(3);
      assertThat(line.fields().get(2)).isEqualTo("pad=" + big);
      seen.add(line.fields().get(0) + "&" + line.fields().get(1));
    }
    assertThat(seen).hasSize(clients * each);
  }
}
