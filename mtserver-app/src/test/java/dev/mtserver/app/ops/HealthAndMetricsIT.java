package dev.mtserver.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.MtServer;
import dev.mtserver.app.ServerSettings;
import dev.mtserver.app.testing.Eventually;
import dev.mtserver.app.testing.RunningJar;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /healthz and /metrics on a real server. */
class HealthAndMetricsIT {

  @TempDir Path dir;

  private ServerSettings settings() {
    return ServerSettings.forRoot(dir.resolve("public"), dir.resolve("data"));
  }

  @Test
  void healthz_is_200_while_serving_then_503_while_draining_and_the_site_still_serves()
      throws Exception {
    MtServer server =
        MtServer.start(settings().toBuilder().drainDelay(Duration.ofSeconds(3)).build());
    URI url = server.url();
    assertThat(Clients.get(url, "/healthz").statusCode()).isEqualTo(200);
    assertThat(Clients.get(url, "/healthz").body()).isEqualTo("ok\n");

    CompletableFuture<?> stopping = CompletableFuture.runAsync(server::shutdown);
    assertThat(Eventually.within(Duration.ofSeconds(3), server::draining)).isTrue();
    var health = Clients.get(url, "/healthz");
    var page = Clients.get(url, "/");
    stopping.get();

    assertThat(health.statusCode()).isEqualTo(503);
    assertThat(health.body()).isEqualTo("draining\n");
    assertThat(page.statusCode()).as("still serving during the drain delay").isEqualTo(200);
    assertThat(stopping).isDone();
  }

  @Test
  void metrics_counters_move_with_requests_uploads_forms_refusals_and_timeouts() throws Exception {
    ServerSettings settings =
        settings().toBuilder()
            .maxUploadSize(64 * 1024)
            .transport(
                t ->
                    t.backlog(16)
                        .headerTimeout(Duration.ofMillis(500))
                        .bodyTimeout(Duration.ofSeconds(5))
                        .idleTimeout(Duration.ofSeconds(5))
                        .writeTimeout(Duration.ofSeconds(5))
                        .shutdownGrace(Duration.ofSeconds(5)))
            .build();
    MtServer server = MtServer.start(settings);
    try {
      URI url = server.url();
      Map<String, Long> before = Clients.scrape(url);

      assertThat(Clients.get(url, "/").statusCode()).isEqualTo(200);
      assertThat(Clients.get(url, "/nope").statusCode()).isEqualTo(404);
      assertThat(
              Clients.send(
                      HttpRequest.newBuilder(url.resolve("/form.html"))
                          .header("Content-Type", "application/x-www-form-urlencoded")
                          .POST(BodyPublishers.ofString("name=Ada&message=hi"))
                          .build())
                  .statusCode())
          .isEqualTo(200);
      String boundary = "b0undary";
      String upload =
          "--"
              + boundary
              + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\n"
              + "alpha\r\n--"
              + boundary
              + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"b.txt\"\r\n\r\n"
              + "bravo!\r\n--"
              + boundary
              + "--\r\n";
      assertThat(
              Clients.send(
                      HttpRequest.newBuilder(url.resolve("/upload"))
                          .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                          .header("Accept", "application/json")
                          .POST(BodyPublishers.ofString(upload))
                          .build())
                  .statusCode())
          .isEqualTo(201);
      String tooLarge =
          Clients.raw(
              server.address(),
              "POST /upload HTTP/1.1\r\n"
                  + "Host: a\r\n"
                  + "Content-Type: multipart/form-data; boundary=x\r\n"
                  + "Content-Length: 100000000\r\n\r\n");
      assertThat(tooLarge).startsWith("HTTP/1.1 413 ");
      assertThat(headTimesOut(server.address())).startsWith("HTTP/1.1 408 ");

      Map<String, Long> after = Clients.scrape(url);
      assertThat(delta(before, after, "mtserver_http_requests_total{code=\"2xx\"}"))
          .isGreaterThanOrEqualTo(4); // incl. the first scrape
      assertThat(delta(before, after, "mtserver_http_requests_total{code=\"4xx\"}")).isEqualTo(3);
      assertThat(delta(before, after, "mtserver_uploads_stored_total")).isEqualTo(2);
      assertThat(delta(before, after, "mtserver_upload_stored_bytes_total")).isEqualTo(11);
      assertThat(delta(before, after, "mtserver_uploads_refused_total")).isEqualTo(1);
      assertThat(delta(before, after, "mtserver_form_submissions_total")).isEqualTo(1);
      assertThat(delta(before, after, "mtserver_timeouts_total{kind=\"header\"}")).isEqualTo(1);
      assertThat(delta(before, after, "mtserver_connections_accepted_total"))
          .as("two raw connections at least")
          .isGreaterThanOrEqualTo(2);
      if (Runtime.getRuntime().availableProcessors() >= 2) { // one carrier: never waits so
        assertThat(delta(before, after, "mtserver_connections_accepted_quiet_total"))
            .as("connections to a quiet server, accepted by a leader waiting in the kernel")
            .isGreaterThanOrEqualTo(1);
      }
      assertThat(delta(before, after, "mtserver_received_bytes_total"))
          .isGreaterThan(upload.length());
      assertThat(delta(before, after, "mtserver_sent_bytes_total"))
          .isGreaterThan(delta(before, after, "mtserver_http_response_body_bytes_total"));
      assertThat(after.get("mtserver_connections_active")).isGreaterThanOrEqualTo(1);
      assertThat(after.get("mtserver_connections_peak"))
          .isGreaterThanOrEqualTo(after.get("mtserver_connections_active"));
      assertThat(after.get("mtserver_draining")).isZero();
    } finally {
      server.shutdown();
    }
  }

  /** A head that never ends: the server answers 408 once the header deadline passes. */
  private static String headTimesOut(InetSocketAddress server) throws Exception {
    return Clients.raw(server, "GET / HTTP/1.1\r\nHost: a\r\n");
  }

  private static long delta(Map<String, Long> before, Map<String, Long> after, String sample) {
    assertThat(after).containsKey(sample);
    return after.get(sample) - before.getOrDefault(sample, 0L);
  }

  @Test
  void endpoints_turned_off_leave_their_paths_to_the_site() throws Exception {
    MtServer server = MtServer.start(settings().toBuilder().endpoints(false, false).build());
    try {
      assertThat(Clients.get(server.url(), "/healthz").statusCode()).isEqualTo(404);
      assertThat(Clients.get(server.url(), "/metrics").statusCode()).isEqualTo(404);
    } finally {
      server.shutdown();
    }
  }

  @Test
  void a_file_named_healthz_is_shadowed_by_the_endpoint_with_a_warning_and_served_when_it_is_off()
      throws Exception {
    Path root = Files.createDirectories(dir.resolve("site"));
    Files.writeString(root.resolve("index.html"), "home");
    Files.writeString(root.resolve("healthz"), "the file");

    try (RunningJar jar =
        RunningJar.start(dir, "--port", "0", "--root", "site", "--access-log", "off")) {
      URI url = jar.awaitUrl(Duration.ofSeconds(30));
      assertThat(Clients.get(url, "/healthz").body()).isEqualTo("ok\n");
      assertThat(jar.stderr())
          .anySatisfy(line -> assertThat(line).contains("WARN", "healthz", "--healthz off"));
    }
    try (RunningJar jar =
        RunningJar.start(
            dir, "--port", "0", "--root", "site", "--access-log", "off", "--healthz", "off")) {
      URI url = jar.awaitUrl(Duration.ofSeconds(30));
      assertThat(Clients.get(url, "/healthz").body()).isEqualTo("the file");
      assertThat(jar.stderr()).noneMatch(line -> line.contains("WARN"));
    }
  }
}
