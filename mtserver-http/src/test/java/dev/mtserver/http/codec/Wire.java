package dev.mtserver.http.codec;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Small helpers for codec tests: raw byte vectors in, parse outcomes out. */
final class Wire {

  private Wire() {}

  static HttpInput input(String raw) {
    return new HttpInput(
        new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)), 16 * 1024);
  }

  /** An input that hands out at most {@code step} bytes per read, as a slow network would. */
  static HttpInput trickle(String raw, int step) {
    byte[] bytes = raw.getBytes(StandardCharsets.ISO_8859_1);
    return new HttpInput(
        new ByteArrayInputStream(bytes) {
          @Override
          public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, step));
          }
        },
        16 * 1024);
  }

  static RequestHead head(String raw) throws IOException, HttpProtocolException {
    return new RequestHeadParser(HttpLimits.defaults()).parse(input(raw));
  }

  /** "200" for a head that parses, the status of the protocol error otherwise. */
  static String outcome(String raw, HttpLimits limits) throws IOException {
    try {
      RequestHead head = new RequestHeadParser(limits).parse(input(raw));
      return head == null ? "end" : "ok";
    } catch (HttpProtocolException e) {
      return String.valueOf(e.status());
    }
  }

  static String outcome(String raw) throws IOException {
    return outcome(raw, HttpLimits.defaults());
  }

  static String repeat(char c, int n) {
    return String.valueOf(c).repeat(n);
  }
}
