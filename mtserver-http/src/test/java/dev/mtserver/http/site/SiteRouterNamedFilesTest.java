package dev.mtserver.http.site;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.http.codec.BodyFraming;
import dev.mtserver.http.codec.HttpFields;
import dev.mtserver.http.codec.HttpVersion;
import dev.mtserver.http.codec.RequestHead;
import dev.mtserver.http.engine.HttpRequest;
import dev.mtserver.http.engine.HttpResponse;
import dev.mtserver.http.target.RequestTargetParser;
import java.io.InputStream;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** PUT and DELETE go to their handlers, and Allow is what the named files say of the path. */
class SiteRouterNamedFilesTest {

  private final SiteRouter withNamedFiles =
      SiteRouter.builder(request -> HttpResponse.text(200, "static"))
          .namedFiles(
              request -> HttpResponse.text(201, "put"),
              request -> HttpResponse.empty(204),
              path -> path.toString().startsWith("/downloads/") ? "GET, PUT" : "GET")
          .build();

  private final SiteRouter without =
      SiteRouter.builder(request -> HttpResponse.text(200, "static")).build();

  @Test
  void put_and_delete_go_to_their_handlers() throws Exception {
    assertThat(withNamedFiles.handle(request("PUT", "/downloads/a")).status()).isEqualTo(201);
    assertThat(withNamedFiles.handle(request("DELETE", "/downloads/a")).status()).isEqualTo(204);
  }

  @Test
  void options_and_405_list_what_the_path_allows() throws Exception {
    assertThat(withNamedFiles.handle(request("OPTIONS", "/downloads/a")).headers().first("Allow"))
        .contains("GET, PUT");
    HttpResponse patch = withNamedFiles.handle(request("PATCH", "/downloads/a"));
    assertThat(patch.status()).isEqualTo(405);
    assertThat(patch.headers().first("Allow")).contains("GET, PUT");
    assertThat(withNamedFiles.handle(request("OPTIONS", "/index.html")).headers().first("Allow"))
        .contains("GET");
  }

  @Test
  void without_named_files_put_and_delete_are_405_as_before() throws Exception {
    for (String method : new String[] {"PUT", "DELETE"}) {
      HttpResponse response = without.handle(request(method, "/downloads/a"));
      assertThat(response.status()).as(method).isEqualTo(405);
      assertThat(response.headers().first("Allow")).contains(SiteRouter.ALLOW);
    }
  }

  private static HttpRequest request(String method, String target) throws Exception {
    HttpFields headers = new HttpFields().add("Host", "x");
    return new HttpRequest(
        new RequestHead(method, target, HttpVersion.HTTP_1_1, headers),
        RequestTargetParser.parse(method, target),
        new BodyFraming.Fixed(0),
        InputStream.nullInputStream(),
        new InetSocketAddress(0),
        new InetSocketAddress(0));
  }
}
