package dev.mtserver.http.site;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.http.codec.BodyFraming;
import dev.mtserver.http.codec.HttpFields;
import dev.mtserver.http.codec.HttpVersion;
import dev.mtserver.http.codec.RequestHead;
import dev.mtserver.http.engine.HttpRequest;
import dev.mtserver.http.engine.HttpResponse;
import dev.mtserver.http.engine.ResponseBody;
import dev.mtserver.http.target.RequestTargetParser;
import java.io.InputStream;
import java.net.InetSocketAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SiteRouterPostTest {

  private final SiteRouter router =
      new SiteRouter(
          request -> HttpResponse.text(200, "static"),
          request -> HttpResponse.text(200, "form"),
          request -> HttpResponse.text(201, "upload"));

  @ParameterizedTest(name = "Content-Type: {0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "application/x-www-form-urlencoded | 200 form",
        "Application/X-WWW-Form-Urlencoded; charset=UTF-8 | 200 form",
        "multipart/form-data; boundary=abc | 201 upload",
        "MULTIPART/FORM-DATA;boundary=\"a b\" | 201 upload",
        "text/plain | 415 415 Unsupported Media Type",
        "application/json | 415 415 Unsupported Media Type",
        "multipart/mixed; boundary=abc | 415 415 Unsupported Media Type",
        "'' | 415 415 Unsupported Media Type",
        "not a type | 400 400 Bad Request: Bad Content-Type"
      })
  void posts_go_by_body_type(String type, String expected) throws Exception {
    HttpFields headers = new HttpFields().add("Host", "x");
    if (!type.isEmpty()) {
      headers.add("Content-Type", type);
    }
    RequestHead head = new RequestHead("POST", "/form.html", HttpVersion.HTTP_1_1, headers);
    HttpRequest request =
        new HttpRequest(
            head,
            RequestTargetParser.parse("POST", "/form.html"),
            new BodyFraming.Fixed(3),
            InputStream.nullInputStream(),
            new InetSocketAddress(0),
            new InetSocketAddress(0));

    HttpResponse response = router.handle(request);

    String body =
        new String(
            ((ResponseBody.Bytes) response.body()).content(),
            java.nio.charset.StandardCharsets.UTF_8);
    assertThat(response.status() + " " + body.strip()).isEqualTo(expected);
    if (response.status() == 415) {
      assertThat(response.headers().first("Accept-Post"))
          .contains("application/x-www-form-urlencoded, multipart/form-data");
    }
  }
}
