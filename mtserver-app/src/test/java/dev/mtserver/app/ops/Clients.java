package dev.mtserver.app.ops;

import dev.mtserver.app.testing.RawHttpClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The few ways the operability tests talk to a server. */
final class Clients {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Clients() {}

  static HttpResponse<String> get(URI base, String path) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
        BodyHandlers.ofString());
  }

  static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return HTTP.send(request, BodyHandlers.ofString());
  }

  /**
   * Sends {@code bytes} on a new connection and returns everything the server writes until it
   * closes.
   */
  static String raw(InetSocketAddress server, String bytes) throws IOException {
    try (RawHttpClient client = RawHttpClient.connect(server, Duration.ofSeconds(10))) {
      return client.send(bytes).readUntilClose().text();
    }
  }

  /** The samples of a /metrics page, by name with labels as written. */
  static Map<String, Long> scrape(URI base) throws IOException, InterruptedException {
    HttpResponse<String> page = get(base, "/metrics");
    if (page.statusCode() != 200) {
      throw new AssertionError("/metrics answered " + page.statusCode());
    }
    Map<String, Long> samples = new LinkedHashMap<>();
    for (String line : page.body().split("\n", -1)) {
      if (!line.startsWith("#") && !line.isBlank()) {
        int space = line.lastIndexOf(' ');
        samples.put(line.substring(0, space), Long.parseLong(line.substring(space + 1)));
      }
    }
    return samples;
  }
}
