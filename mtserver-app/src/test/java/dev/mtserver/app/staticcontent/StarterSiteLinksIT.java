package dev.mtserver.app.staticcontent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.MtServer;
import dev.mtserver.app.ServerSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crawler from {@code /} over the starter site with the default settings: every link of every
 * page it reaches (the site's pages, the uploads listing and its sort links, a stored file) answers
 * below 400. The first time a new user followed "Downloads", it was 404.
 */
class StarterSiteLinksIT {

  private static final Pattern LINK = Pattern.compile("(?:href|src)=\"([^\"#]+)\"");

  @TempDir Path dir;

  @Test
  void every_link_reachable_from_the_home_page_resolves() throws Exception {
    Path root = dir.resolve("public");
    try (MtServer server = MtServer.start(ServerSettings.forRoot(root, dir.resolve("data")));
        HttpClient client = HttpClient.newHttpClient()) {
      Files.writeString(root.resolve("downloads/report <1> & co.txt"), "stored");
      URI base = server.url();
      Map<URI, Integer> seen = new LinkedHashMap<>();
      Deque<URI> queue = new ArrayDeque<>();
      queue.add(base.resolve("/"));
      while (!queue.isEmpty() && seen.size() < 200) {
        URI uri = queue.removeFirst();
        if (seen.containsKey(uri)) {
          continue;
        }
        HttpResponse<String> response =
            client.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        seen.put(uri, response.statusCode());
        boolean html =
            response.headers().firstValue("Content-Type").orElse("").startsWith("text/html");
        if (!html || (uri.getQuery() != null && uri.getQuery().contains("archive"))) {
          continue;
        }
        Matcher links = LINK.matcher(response.body());
        while (links.find()) {
          URI next = uri.resolve(links.group(1).replace("&amp;", "&"));
          if (base.getAuthority().equals(next.getAuthority())) {
            queue.add(next);
          }
        }
      }

      assertThat(seen).containsKeys(base.resolve("/downloads/"), base.resolve("/style.css"));
      assertThat(seen.keySet().stream().map(URI::toString))
          .anyMatch(link -> link.contains("/downloads/report%20"))
          .anyMatch(link -> link.contains("sort=size"))
          .anyMatch(link -> link.contains("archive=zip"));
      assertThat(seen)
          .allSatisfy((uri, status) -> assertThat(status).as(uri.toString()).isLessThan(400));
    }
  }
}
