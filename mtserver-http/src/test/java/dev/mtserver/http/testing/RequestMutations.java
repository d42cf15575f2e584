package dev.mtserver.http.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Valid requests, then broken a few bytes at a time the way attackers and buggy clients break them:
 * stray CR, LF, NUL, spaces, commas, case changes, duplicated and truncated lines.
 */
public final class RequestMutations {

  private RequestMutations() {}

  private record Mutation(int kind, double where, byte value) {}

  private static final List<String> BASES =
      List.of(
          "GET / HTTP/1.1\r\nHost: example.com\r\nUser-Agent: test\r\nAccept: */*\r\n\r\n",
          "GET /docs/index.html?x=1 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
          "HEAD /style.css HTTP/1.1\r\nHost: a\r\nIf-None-Match: \"abc\"\r\n\r\n",
          "POST /form HTTP/1.1\r\n"
              + "Host: a\r\n"
              + "Content-Type: text/plain\r\n"
              + "Content-Length: 5\r\n\r\n"
              + "hello",
          "POST /up HTTP/1.1\r\n"
              + "Host: a\r\n"
              + "Transfer-Encoding: chunked\r\n\r\n"
              + "5;x=y\r\n"
              + "hello\r\n"
              + "0\r\n"
              + "T: v\r\n\r\n",
          "PUT /f HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc",
          "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n",
          "GET http://example.com/a/../b HTTP/1.1\r\nHost: example.com\r\n\r\n",
          "GET /%2e%2e/%C3%A9 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
          "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 6\r\n\r\n0\r\n\r\nX"
              + "GET /two HTTP/1.1\r\nHost: a\r\n\r\n");

  private static final byte[] INTERESTING = {
    0,
    '\r',
    '\n',
    ' ',
    '\t',
    ':',
    ',',
    ';',
    '0',
    '5',
    'x',
    'f',
    '"',
    '%',
    '/',
    '.',
    '?',
    '#',
    '\\',
    0x7f,
    (byte) 0x80,
    (byte) 0xc0,
    (byte) 0xff,
    'A',
    'z'
  };

  /** A valid request with up to five mutations applied. */
  public static Arbitrary<byte[]> requests() {
    Arbitrary<Byte> values =
        Arbitraries.oneOf(Arbitraries.of(toBoxed(INTERESTING)), Arbitraries.bytes());
    Arbitrary<Mutation> mutation =
        Combinators.combine(
                Arbitraries.integers().between(0, 9), Arbitraries.doubles().between(0, 1), values)
            .as(Mutation::new);
    return Combinators.combine(Arbitraries.of(BASES), mutation.list().ofMaxSize(5))
        .as(RequestMutations::apply);
  }

  private static byte[] apply(String base, List<Mutation> mutations) {
    byte[] bytes = base.getBytes(StandardCharsets.ISO_8859_1);
    for (Mutation m : mutations) {
      bytes = apply(bytes, m);
    }
    return bytes;
  }

  private static byte[] apply(byte[] bytes, Mutation m) {
    int at = (int) Math.min(bytes.length, Math.floor(m.where() * (bytes.length + 1)));
    return switch (m.kind()) {
      case 0 -> splice(bytes, at, 0, new byte[] {m.value()});
      case 1 -> at < bytes.length ? splice(bytes, at, 1, new byte[0]) : bytes;
      case 2 -> at < bytes.length ? splice(bytes, at, 1, new byte[] {m.value()}) : bytes;
      case 3 -> splice(bytes, at, 0, new byte[] {'\r', '\n'});
      case 4 -> splice(bytes, at, 0, new byte[] {' '});
      case 5 -> duplicateLine(bytes, at);
      case 6 ->
          at < bytes.length ? splice(bytes, at, 1, new byte[] {toggleCase(bytes[at])}) : bytes;
      case 7 -> splice(bytes, at, 0, new byte[] {'\n'});
      case 8 -> java.util.Arrays.copyOf(bytes, at);
      default -> splice(bytes, at, 0, ", chunked".getBytes(StandardCharsets.ISO_8859_1));
    };
  }

  private static byte[] duplicateLine(byte[] bytes, int at) {
    int start = at;
    while (start > 0 && bytes[start - 1] != '\n') start--;
    int end = at;
    while (end < bytes.length && bytes[end] != '\n') end++;
    end = Math.min(bytes.length, end + 1);
    byte[] line = java.util.Arrays.copyOfRange(bytes, start, end);
    return splice(bytes, end, 0, line);
  }

  private static byte toggleCase(byte b) {
    if (b >= 'a' && b <= 'z') return (byte) (b - 32);
    if (b >= 'A' && b <= 'Z') return (byte) (b + 32);
    return b;
  }

  private static byte[] splice(byte[] bytes, int at, int remove, byte[] insert) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + insert.length);
    out.write(bytes, 0, at);
    out.write(insert, 0, insert.length);
    out.write(bytes, at + remove, bytes.length - at - remove);
    return out.toByteArray();
  }

  private static Byte[] toBoxed(byte[] bytes) {
    Byte[] boxed = new Byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      boxed[i] = bytes[i];
    }
    return boxed;
  }
}
