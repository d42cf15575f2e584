package dev.mtserver.http.site.script;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.domain.script.HeaderField;
import dev.mtserver.domain.script.ScriptInvocation;
import dev.mtserver.domain.script.ScriptOutcome;
import dev.mtserver.domain.script.ScriptOutput;
import dev.mtserver.domain.store.StoreUnavailableException;
import dev.mtserver.domain.store.StoreUnavailableException.Reason;
import dev.mtserver.http.codec.BodyFraming;
import dev.mtserver.http.codec.HttpFields;
import dev.mtserver.http.codec.HttpVersion;
import dev.mtserver.http.codec.RequestHead;
import dev.mtserver.http.engine.HttpRequest;
import dev.mtserver.http.engine.HttpResponse;
import dev.mtserver.http.engine.ResponseBody;
import dev.mtserver.http.target.RequestTargetParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScriptHandlerTest {

  private static final long LIMIT = 100;

  private final List<ScriptInvocation> invocations = new ArrayList<>();
  private final List<HttpRequest> served = new ArrayList<>();
  private Function<ScriptInvocation, ScriptOutcome> answer = invocation -> document(200, "hello");

  private final ScriptHandler handler =
      new ScriptHandler(
          invocation -> {
            invocations.add(invocation);
            invocation.body().content().readAllBytes(); // a runner reads the whole body first
            return answer.apply(invocation);
          },
          request -> {
            served.add(request);
            return HttpResponse.text(200, "file " + request.path());
          },
          LIMIT);

  @Test
  void the_scripts_status_fields_and_body_are_sent_streamed() throws Exception {
    answer =
        invocation ->
            new ScriptOutcome.Response(
                418,
                List.of(
                    new HeaderField("Content-Type", "text/plain"),
                    new HeaderField("Set-Cookie", "a=1"),
                    new HeaderField("Set-Cookie", "b=2")),
                OptionalLong.empty(),
                new FakeOutput("short and stout", -1));

    HttpResponse response = handler.handle(request("GET", "/tea.php?x=1", new HttpFields(), null));

    assertThat(response.status()).isEqualTo(418);
    assertThat(response.headers().all("Set-Cookie")).containsExactly("a=1", "b=2");
    assertThat(response.body().length()).isEqualTo(-1);
    assertThat(written(response)).isEqualTo("short and stout");
  }

  @Test
  void the_body_is_closed_even_when_the_client_goes_away_mid_body() throws Exception {
    FakeOutput output = new FakeOutput("x".repeat(10), -1);
    answer = invocation -> new ScriptOutcome.Response(200, List.of(), OptionalLong.empty(), output);
    HttpResponse response = handler.handle(request("GET", "/a.php", new HttpFields(), null));

    OutputStream broken =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("Broken pipe");
          }
        };
    try {
      ((ResponseBody.Streamed) response.body()).writer().writeTo(broken);
    } catch (IOException expected) {
      // the connection loop cuts the connection
    }
    assertThat(output.closed).isTrue();
  }

  @Test
  void head_runs_the_script_to_its_end_and_sends_no_body_but_the_declared_length()
      throws Exception {
    FakeOutput output = new FakeOutput("", -1);
    answer =
        invocation ->
            new ScriptOutcome.Response(
                200,
                List.of(new HeaderField("Content-Type", "text/html")),
                OptionalLong.of(42),
                output);

    HttpResponse response = handler.handle(request("HEAD", "/a.php", new HttpFields(), null));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body().length()).isEqualTo(42);
    assertThat(output.discarded).isTrue();
    assertThat(output.closed).isTrue();
    assertThat(invocations.get(0).method()).isEqualTo("HEAD");
  }

  @Test
  @SuppressWarnings("InputStreamSlowMultibyteRead") // it exists to fail a read; speed is moot
  void a_content_length_over_the_limit_is_413_before_the_body_is_read_or_a_script_runs()
      throws Exception {
    InputStream untouchable =
        new InputStream() {
          @Override
          public int read() {
            throw new AssertionError("the body was read");
          }
        };
    HttpRequest request =
        new HttpRequest(
            new RequestHead(
                "POST", "/a.php", HttpVersion.HTTP_1_1, new HttpFields().add("Host", "x")),
            RequestTargetParser.parse("POST", "/a.php"),
            new BodyFraming.Fixed(LIMIT + 1),
            untouchable,
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 5000),
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 8080));

    HttpResponse response = handler.handle(request);

    assertThat(response.status()).isEqualTo(413);
    assertThat(response.headers().first("Connection")).contains("close");
    assertThat(invocations).isEmpty();
  }

  @Test
  void a_chunked_body_growing_past_the_limit_is_413() throws Exception {
    HttpResponse response =
        handler.handle(request("POST", "/a.php", new HttpFields(), new byte[(int) LIMIT + 1]));

    assertThat(response.status()).isEqualTo(413);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "NotFound, 404",
    "Forbidden, 403",
    "Busy, 503",
    "TimedOut, 504",
    "Failed, 502",
    "StorageFull, 507"
  })
  void refusals_get_their_status_and_never_a_scripts_output(String outcome, int status)
      throws Exception {
    answer =
        invocation ->
            switch (outcome) {
              case "NotFound" -> new ScriptOutcome.NotFound();
              case "Forbidden" -> new ScriptOutcome.Forbidden();
              case "Busy" -> new ScriptOutcome.Busy(Duration.ofSeconds(2));
              case "TimedOut" -> new ScriptOutcome.TimedOut();
              case "StorageFull" -> new ScriptOutcome.StorageFull();
              default -> new ScriptOutcome.Failed("no header");
            };

    HttpResponse response = handler.handle(request("GET", "/a.php", new HttpFields(), null));

    assertThat(response.status()).isEqualTo(status);
    if (status == 503) {
      assertThat(response.headers().first("Retry-After")).contains("2");
    }
    if (status == 507) {
      assertThat(response.headers().first("Connection"))
          .as("the body may be partly unread")
          .contains("close");
    }
    assertThat(new String(((ResponseBody.Bytes) response.body()).content(), UTF_8))
        .doesNotContain("no header");
  }

  @Test
  void a_local_redirect_is_served_again_as_a_get_without_the_body() throws Exception {
    answer =
        invocation ->
            invocation.target().script().toString().equals("/post.php")
                ? new ScriptOutcome.LocalRedirect("/done.html?id=7")
                : document(200, "x");
    HttpFields fields =
        new HttpFields()
            .add("Content-Type", "application/x-www-form-urlencoded")
            .add("Cookie", "s=1");

    HttpResponse response =
        handler.handle(request("POST", "/post.php", fields, "a=1".getBytes(UTF_8)));

    assertThat(response.status()).isEqualTo(200);
    assertThat(served)
        .singleElement()
        .satisfies(
            next -> {
              assertThat(next.method()).isEqualTo("GET");
              assertThat(next.path().toString()).isEqualTo("/done.html");
              assertThat(next.rawQuery()).contains("id=7");
              assertThat(next.hasBody()).isFalse();
              assertThat(next.headers().first("Cookie")).contains("s=1");
              assertThat(next.headers().contains("Content-Type")).isFalse();
            });
  }

  @Test
  void a_local_redirect_to_another_script_runs_it_and_a_loop_ends_with_502() throws Exception {
    answer =
        invocation ->
            invocation.target().script().toString().equals("/first.php")
                ? new ScriptOutcome.LocalRedirect("/second.php/info")
                : document(200, "second");
    assertThat(written(handler.handle(request("GET", "/first.php", new HttpFields(), null))))
        .isEqualTo("second");
    assertThat(invocations.get(1).target().pathInfo()).isEqualTo("/info");

    answer = invocation -> new ScriptOutcome.LocalRedirect("/loop.php");
    assertThat(handler.handle(request("GET", "/loop.php", new HttpFields(), null)).status())
        .isEqualTo(502);
  }

  @ParameterizedTest(name = "{0} redirects to a bad local path -> 502")
  @CsvSource({"'/a b'", "'/%zz'"})
  void a_local_redirect_that_is_not_a_valid_path_is_502(String location) throws Exception {
    answer = invocation -> new ScriptOutcome.LocalRedirect(location);

    assertThat(handler.handle(request("GET", "/a.php", new HttpFields(), null)).status())
        .isEqualTo(502);
  }

  @Test
  void the_invocation_carries_copies_of_what_the_script_may_see() throws Exception {
    HttpFields fields = new HttpFields().add("Host", "example.org:8080").add("X-Test", "1");

    handler.handle(request("POST", "/dir/app.php/users/7?q=%20a", fields, "body".getBytes(UTF_8)));

    ScriptInvocation invocation = invocations.get(0);
    assertThat(invocation.target().script().toString()).isEqualTo("/dir/app.php");
    assertThat(invocation.target().pathInfo()).isEqualTo("/users/7");
    assertThat(invocation.requestUri()).isEqualTo("/dir/app.php/users/7?q=%20a");
    assertThat(invocation.query()).isEqualTo("q=%20a");
    assertThat(invocation.protocol()).isEqualTo("HTTP/1.1");
    assertThat(invocation.serverName()).isEqualTo("example.org");
    assertThat(invocation.client().address()).isEqualTo("192.0.2.9");
    assertThat(invocation.client().port()).isEqualTo(40000);
    assertThat(invocation.server().port()).isEqualTo(8080);
    assertThat(invocation.headers()).contains(new HeaderField("X-Test", "1"));
    assertThat(invocation.body().length()).isEqualTo(-1);
  }

  @ParameterizedTest(name = "Host {0} -> SERVER_NAME {1}")
  @CsvSource({
    "example.org, example.org",
    "example.org:81, example.org",
    "'[::1]:8080', '[::1]'",
    "'[2001:db8::1]', '[2001:db8::1]'",
    "127.0.0.1:80, 127.0.0.1",
    "'', 127.0.0.1"
  })
  void the_server_name_is_the_host_without_its_port(String host, String expected) throws Exception {
    HttpFields fields = new HttpFields();
    if (!host.isEmpty()) {
      fields.add("Host", host);
    }
    HttpRequest request =
        new HttpRequest(
            new RequestHead("GET", "/a.php", HttpVersion.HTTP_1_0, fields),
            RequestTargetParser.parse("GET", "/a.php"),
            new BodyFraming.None(),
            InputStream.nullInputStream(),
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 5000),
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 8080));

    assertThat(ScriptInvocations.serverName(request)).isEqualTo(expected);
  }

  private static ScriptOutcome document(int status, String body) {
    return new ScriptOutcome.Response(
        status,
        List.of(new HeaderField("Content-Type", "text/plain")),
        OptionalLong.empty(),
        new FakeOutput(body, -1));
  }

  /** A request; a non-null body is sent chunked (length unknown). */
  private static HttpRequest request(String method, String target, HttpFields fields, byte[] body)
      throws Exception {
    if (!fields.contains("Host")) {
      fields.add("Host", "test");
    }
    return new HttpRequest(
        new RequestHead(method, target, HttpVersion.HTTP_1_1, fields),
        RequestTargetParser.parse(method, target),
        body == null ? new BodyFraming.None() : new BodyFraming.Chunked(),
        body == null ? InputStream.nullInputStream() : new ByteArrayInputStream(body),
        new InetSocketAddress("192.0.2.9", 40000),
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 8080));
  }

  private static String written(HttpResponse response) throws IOException {
    if (response.body() instanceof ResponseBody.Bytes bytes) {
      return new String(bytes.content(), UTF_8);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ((ResponseBody.Streamed) response.body()).writer().writeTo(out);
    return out.toString(UTF_8);
  }

  private static final class FakeOutput implements ScriptOutput {
    private final byte[] body;
    private final long length;
    boolean discarded;
    boolean closed;

    FakeOutput(String body, long length) {
      this.body = body.getBytes(UTF_8);
      this.length = length;
    }

    @Override
    public long length() {
      return length;
    }

    @Override
    public void transferTo(OutputStream out) throws IOException {
      out.write(body);
    }

    @Override
    public void discard() {
      discarded = true;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @Test
  void a_store_that_cannot_say_where_the_script_is_is_502_or_504() throws Exception {
    ScriptHandler failing =
        new ScriptHandler(
            invocation -> {
              throw new StoreUnavailableException(
                  invocation.method().equals("GET") ? Reason.UNREACHABLE : Reason.TIMED_OUT,
                  "store down",
                  null);
            },
            request -> HttpResponse.text(200, "file"),
            LIMIT);

    assertThat(failing.handle(request("GET", "/app.php", new HttpFields(), null)).status())
        .isEqualTo(502);
    assertThat(failing.handle(request("HEAD", "/app.php", new HttpFields(), null)).status())
        .isEqualTo(504);
  }
}
