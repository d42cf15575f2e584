package dev.mtserver.http.site.content;

import dev.mtserver.http.codec.BodyFraming;
import dev.mtserver.http.codec.HttpFields;
import dev.mtserver.http.codec.HttpProtocolException;
import dev.mtserver.http.codec.HttpVersion;
import dev.mtserver.http.codec.RequestHead;
import dev.mtserver.http.engine.HttpRequest;
import dev.mtserver.http.engine.ResponseBody;
import dev.mtserver.http.spi.ChannelTransfer;
import dev.mtserver.http.target.RequestTargetParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;

/** Builds requests as the connection loop would, and reads bodies as the transport would. */
final class TestRequests {

  private TestRequests() {}

  /** A request without a body; {@code headers} alternate names and values. */
  static HttpRequest request(String method, String target, String... headers) {
    HttpFields fields = new HttpFields().add("Host", "localhost");
    for (int i = 0; i < headers.length; i += 2) {
      fields.add(headers[i], headers[i + 1]);
    }
    try {
      return new HttpRequest(
          new RequestHead(method, target, HttpVersion.HTTP_1_1, fields),
          RequestTargetParser.parse(method, target),
          new BodyFraming.None(),
          InputStream.nullInputStream(),
          new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000),
          new InetSocketAddress(InetAddress.getLoopbackAddress(), 8080));
    } catch (HttpProtocolException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** The bytes a response body puts on the wire, copied the way the transport copies them. */
  static byte[] bodyBytes(ResponseBody body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (WritableByteChannel channel = Channels.newChannel(out)) {
      switch (body) {
        case ResponseBody.Empty empty -> {}
        case ResponseBody.Bytes bytes -> out.write(bytes.content());
        case ResponseBody.Region region -> {
          transfer(region.source(), region.position(), region.length(), channel);
          if (region.resource() != null) {
            region.resource().close();
          }
        }
        case ResponseBody.Streamed streamed -> streamed.writer().writeTo(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The transport's loop: transferTo until {@code count} bytes went out. */
  static void transfer(
      ChannelTransfer source, long position, long count, WritableByteChannel target)
      throws IOException {
    long sent = 0;
    while (sent < count) {
      long n = source.transferTo(position + sent, count - sent, target);
      if (n <= 0) {
        throw new IOException("body ended after " + sent + " of " + count);
      }
      sent += n;
    }
  }
}
