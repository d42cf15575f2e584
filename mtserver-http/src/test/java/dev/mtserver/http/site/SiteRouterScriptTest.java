package dev.mtserver.http.site;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.script.ScriptOutcome;
import dev.mtserver.domain.script.ScriptTarget;
import dev.mtserver.domain.store.StoreUnavailableException;
import dev.mtserver.http.codec.BodyFraming;
import dev.mtserver.http.codec.HttpFields;
import dev.mtserver.http.codec.HttpVersion;
import dev.mtserver.http.codec.RequestHead;
import dev.mtserver.http.engine.HttpRequest;
import dev.mtserver.http.engine.HttpResponse;
import dev.mtserver.http.engine.ResponseBody;
import dev.mtserver.http.site.script.ScriptHandler;
import dev.mtserver.http.target.RequestTargetParser;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which handler a request reaches, with and without a script handler configured. */
class SiteRouterScriptTest {

  private final SiteRouter withScripts =
      SiteRouter.builder(request -> HttpResponse.text(200, "static"))
          .forms(
              request -> HttpResponse.text(200, "form"),
              request -> HttpResponse.text(201, "upload"))
          .scripts(request -> HttpResponse.text(200, "script"))
          .build();

  /** What the script use case was asked to run: the script, its PATH_INFO and REQUEST_URI. */
  private final List<String> ran = new ArrayList<>();

  /** A routing as a PHP application's: /app/ has an index.php, /users/* names nothing. */
  private final SiteRouter withRouting =
      SiteRouter.builder(request -> HttpResponse.text(200, "static"))
          .forms(
              request -> HttpResponse.text(200, "form"),
              request -> HttpResponse.text(201, "upload"))
          .scripts(
              path -> {
                if (path.toString().equals("/down/")) {
                  throw new StoreUnavailableException(
                      StoreUnavailableException.Reason.TIMED_OUT, "slow store", null);
                }
                return ScriptTarget.find(path)
                    .or(
                        () ->
                            path.toString().equals("/app/")
                                ? Optional.of(
                                    new ScriptTarget(SitePath.parse("/app/index.php"), ""))
                                : path.toString().startsWith("/users/")
                                    ? Optional.of(
                                        new ScriptTarget(SitePath.parse("/index.php"), ""))
                                    : Optional.empty());
              },
              new ScriptHandler(
                      invocation -> {
                        ran.add(
                            invocation.target().script()
                                + " "
                                + invocation.target().pathInfo()
                                + " "
                                + invocation.requestUri());
                        return new ScriptOutcome.NotFound();
                      },
                      request -> HttpResponse.text(200, "static"),
                      100)
                  ::run)
          .build();

  private final SiteRouter withoutScripts =
      new SiteRouter(
          request -> HttpResponse.text(200, "static"),
          request -> HttpResponse.text(200, "form"),
          request -> HttpResponse.text(201, "upload"));

  @ParameterizedTest(name = "{0} {1} (Content-Type {2}) -> {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "GET     | /index.php          | ''                                | 200 script",
        "HEAD    | /index.php          | ''                                | 200 script",
        "GET     | /A.PHP              | ''                                | 200 script",
        "GET     | /app.php/users/7    | ''                                | 200 script",
        "GET     | /app.php/           | ''                                | 200 script",
        "POST    | /index.php          | application/x-www-form-urlencoded | 200 script",
        "POST    | /index.php          | multipart/form-data; boundary=x   | 200 script",
        "POST    | /index.php          | application/json                  | 200 script",
        "POST    | /index.php          | ''                                | 200 script",
        "OPTIONS | /index.php          | ''                                | 204",
        "PUT     | /index.php          | ''                                | 405 405 Method Not"
            + " Allowed",
        "DELETE  | /app.php/x          | ''                                | 405 405 Method Not"
            + " Allowed",
        "BREW    | /index.php          | ''                                | 501 501 Not"
            + " Implemented",
        "GET     | /index.html         | ''                                | 200 static",
        "POST    | /form.html          | application/x-www-form-urlencoded | 200 form",
        "GET     | /a.php.txt          | ''                                | 200 static"
      })
  void with_a_script_handler_php_paths_go_to_it(
      String method, String path, String type, String expected) throws Exception {
    assertThat(route(withScripts, method, path, type)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "GET     | /index.php        | 501 501 Not Implemented: No PHP runner is configured",
        "HEAD    | /INDEX.PHP        | 501 501 Not Implemented: No PHP runner is configured",
        "POST    | /index.php        | 501 501 Not Implemented: No PHP runner is configured",
        "OPTIONS | /index.php        | 204",
        "GET     | /app.php/users/7  | 200 static",
        "GET     | /index.html       | 200 static"
      })
  void without_one_php_pages_are_501_and_their_source_is_never_served(
      String method, String path, String expected) throws Exception {
    assertThat(route(withoutScripts, method, path, "")).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "GET  | /app/            | /app/index.php  /app/",
        "HEAD | /app/            | /app/index.php  /app/",
        "GET  | /users/7?tab=a   | /index.php  /users/7?tab=a",
        "POST | /users/7         | /index.php  /users/7",
        "GET  | /wiki.php/start  | /wiki.php /start /wiki.php/start",
        "GET  | /style.css       | ''"
      })
  void the_routing_chooses_the_script_and_the_request_uri_stays_the_clients(
      String method, String target, String expected) throws Exception {
    route(withRouting, method, target, method.equals("POST") ? "application/json" : "");

    assertThat(ran).containsExactlyElementsOf(expected.isEmpty() ? List.of() : List.of(expected));
  }

  @Test
  void a_store_that_cannot_say_what_a_path_names_is_a_gateway_timeout() throws Exception {
    assertThat(route(withRouting, "GET", "/down/", "")).startsWith("504");
    assertThat(ran).isEmpty();
  }

  private static String route(SiteRouter router, String method, String path, String type)
      throws Exception {
    HttpFields headers = new HttpFields().add("Host", "x");
    if (!type.isEmpty()) {
      headers.add("Content-Type", type);
    }
    boolean body = method.equals("POST");
    RequestHead head = new RequestHead(method, path, HttpVersion.HTTP_1_1, headers);
    HttpRequest request =
        new HttpRequest(
            head,
            RequestTargetParser.parse(method, path),
            body ? new BodyFraming.Fixed(3) : new BodyFraming.None(),
            InputStream.nullInputStream(),
            new InetSocketAddress(0),
            new InetSocketAddress(0));

    HttpResponse response = router.handle(request);

    String text =
        response.body() instanceof ResponseBody.Bytes bytes
            ? new String(bytes.content(), StandardCharsets.UTF_8).strip()
            : "";
    return (response.status() + " " + text).strip();
  }
}
