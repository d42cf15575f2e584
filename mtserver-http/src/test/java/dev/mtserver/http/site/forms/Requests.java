package dev.mtserver.http.site.forms;

import dev.mtserver.http.codec.BodyFraming;
import dev.mtserver.http.codec.HttpFields;
import dev.mtserver.http.codec.HttpProtocolException;
import dev.mtserver.http.codec.HttpVersion;
import dev.mtserver.http.codec.RequestHead;
import dev.mtserver.http.engine.HttpRequest;
import dev.mtserver.http.target.RequestTargetParser;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Builds {@link HttpRequest}s for handler tests, in one place. */
final class Requests {

  private Requests() {}

  /** A POST with a body of known length (Content-Length), or unknown (-1: chunked). */
  static HttpRequest post(String target, HttpFields headers, long length, InputStream body) {
    RequestHead head =
        new RequestHead("POST", target, HttpVersion.HTTP_1_1, headers.add("Host", "test"));
    BodyFraming framing = length < 0 ? new BodyFraming.Chunked() : new BodyFraming.Fixed(length);
    try {
      return new HttpRequest(
          head,
          RequestTargetParser.parse("POST", target),
          framing,
          body,
          new InetSocketAddress("192.0.2.9", 40000),
          new InetSocketAddress(InetAddress.getLoopbackAddress(), 8080));
    } catch (HttpProtocolException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static HttpRequest get(String target) {
    RequestHead head =
        new RequestHead("GET", target, HttpVersion.HTTP_1_1, new HttpFields().add("Host", "test"));
    try {
      return new HttpRequest(
          head,
          RequestTargetParser.parse("GET", target),
          new BodyFraming.None(),
          InputStream.nullInputStream(),
          new InetSocketAddress("192.0.2.9", 40000),
          new InetSocketAddress(InetAddress.getLoopbackAddress(), 8080));
    } catch (HttpProtocolException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** A body that fails the test if anyone reads it: proof a refusal came before the body. */
  static InputStream untouchable() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        throw new AssertionError("the body was read");
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        throw new AssertionError("the body was read");
      }
    };
  }
}
