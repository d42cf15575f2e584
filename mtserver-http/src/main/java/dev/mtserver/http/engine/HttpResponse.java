package dev.mtserver.http.engine;

import dev.mtserver.http.codec.HttpFields;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A status, header fields and a body, as a handler returns it. The connection loop adds {@code
 * Date}, {@code Server}, {@code Connection} and the framing headers itself.
 */
public record HttpResponse(int status, HttpFields headers, ResponseBody body) {

  public HttpResponse {
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(body, "body");
  }

  /** A short plain-text response, for errors and simple answers. */
  public static HttpResponse text(int status, String text) {
    HttpFields headers = new HttpFields().add("Content-Type", "text/plain; charset=utf-8");
    return new HttpResponse(
        status, headers, new ResponseBody.Bytes(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** A response with no body. */
  public static HttpResponse empty(int status) {
    return new HttpResponse(status, new HttpFields(), new ResponseBody.Empty());
  }
}
