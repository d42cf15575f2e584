package dev.mtserver.http.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.mtserver.http.codec.HttpProtocolException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RequestTargetParserTest {

  /** The decoded path, or the status the target is refused with. */
  private static String path(String method, String raw) {
    try {
      return RequestTargetParser.parse(method, raw).path().toString();
    } catch (HttpProtocolException e) {
      return String.valueOf(e.status());
    }
  }

  static Stream<Arguments> paths() {
    return Stream.of(
        arguments("/", "/"),
        arguments("/index.html", "/index.html"),
        arguments("/docs/", "/docs/"),
        arguments("/a//b", "/a/b"),
        arguments("//a", "/a"),
        arguments("/a/./b", "/a/b"),
        arguments("/a/.", "/a/"),
        arguments("/a/b/..", "/a/"),
        arguments("/a/../b", "/b"),
        arguments("/a/b/../../c/", "/c/"),
        arguments("/./", "/"),
        arguments("/a/..", "/"),
        arguments("/...", "/..."),
        arguments("/..a", "/..a"),
        arguments("/a..", "/a.."),
        arguments("/%7Euser", "/~user"),
        arguments("/a%20b", "/a b"),
        arguments("/a+b", "/a+b"),
        arguments("/caf%C3%A9", "/caf\u00e9"),
        arguments("/caf%c3%a9", "/caf\u00e9"),
        arguments("/%F0%9F%98%80", "/\ud83d\ude00"),
        arguments("/a|b^[c]{d}", "/a|b^[c]{d}"),
        arguments("/a:b@c;d=e,f!$&'()*", "/a:b@c;d=e,f!$&'()*"),
        arguments("/%252e%252e/", "/%2e%2e/"),
        arguments("/%2e/a", "/a"),
        arguments("/a/%2e%2E/b", "/b"),
        arguments("/a/.%2e/b", "/b"),
        arguments("/a/%2e%2e", "/"),
        arguments("/..", "400"),
        arguments("/../", "400"),
        arguments("/../etc/passwd", "400"),
        arguments("/a/../../b", "400"),
        arguments("/%2e%2e/etc/passwd", "400"),
        arguments("/a/%2E%2E/%2e%2e/b", "400"),
        arguments("/./..", "400"),
        arguments("/a%2Fb", "400"),
        arguments("/a%2fb", "400"),
        arguments("/..%2Fetc", "400"),
        arguments("/a%00b", "400"),
        arguments("/a%00", "400"),
        arguments("/a%0Ab", "400"),
        arguments("/a%0d%0aSet-Cookie:x", "400"),
        arguments("/a%7F", "400"),
        arguments("/a%5Cb", "400"),
        arguments("/..%5C..%5Cwindows", "400"),
        arguments("/a\\b", "400"),
        arguments("/%C0%AF", "400"),
        arguments("/%C0%AE%C0%AE/", "400"),
        arguments("/%E0%80%AF", "400"),
        arguments("/%F0%80%80%AF", "400"),
        arguments("/%ED%A0%80", "400"),
        arguments("/%F4%90%80%80", "400"),
        arguments("/%FF", "400"),
        arguments("/%C3", "400"),
        arguments("/%C3%28", "400"),
        arguments("/%", "400"),
        arguments("/%4", "400"),
        arguments("/%zz", "400"),
        arguments("/%%41", "400"),
        arguments("/a#frag", "400"),
        arguments("/a?x#y", "400"),
        arguments("a/b", "400"),
        arguments("index.html", "400"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource
  void paths(String raw, String expected) {
    assertThat(path("GET", raw)).isEqualTo(expected);
  }

  static Stream<Arguments> forms() {
    return Stream.of(
        arguments("GET", "/a?x=1", "ORIGIN /a ? x=1 @ -"),
        arguments("GET", "/a?", "ORIGIN /a ?  @ -"),
        arguments("GET", "/a", "ORIGIN /a - - @ -"),
        arguments("GET", "/?a?b/../c", "ORIGIN / ? a?b/../c @ -"),
        arguments("GET", "/search?q=%2F%00", "ORIGIN /search ? q=%2F%00 @ -"),
        arguments("OPTIONS", "*", "ASTERISK / - - @ -"),
        arguments("OPTIONS", "/x", "ORIGIN /x - - @ -"),
        arguments("GET", "*", "400"),
        arguments("GET", "http://example.com/a/b?c", "ABSOLUTE /a/b ? c @ example.com"),
        arguments("GET", "HTTP://Example.com:8080/", "ABSOLUTE / - - @ Example.com:8080"),
        arguments("GET", "https://[::1]:8443/x", "ABSOLUTE /x - - @ [::1]:8443"),
        arguments("GET", "http://example.com", "ABSOLUTE / - - @ example.com"),
        arguments("GET", "http://example.com?q", "ABSOLUTE / ? q @ example.com"),
        arguments("GET", "http://example.com/../x", "400"),
        arguments("GET", "http://user@example.com/", "400"),
        arguments("GET", "http://user:pw@example.com/", "400"),
        arguments("GET", "http:///a", "400"),
        arguments("GET", "http://exa mple.com/", "400"),
        arguments("GET", "http://example.com:80x/", "400"),
        arguments("GET", "ftp://example.com/", "400"),
        arguments("GET", "//example.com/a", "ORIGIN /example.com/a - - @ -"),
        arguments("CONNECT", "example.com:443", "AUTHORITY / - - @ example.com:443"),
        arguments("CONNECT", "example.com", "400"),
        arguments("CONNECT", "/a", "ORIGIN /a - - @ -"),
        arguments("GET", "example.com:443", "400"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource
  void forms(String method, String raw, String expected) {
    String actual;
    try {
      RequestTarget target = RequestTargetParser.parse(method, raw);
      actual =
          target.form()
              + " "
              + target.path()
              + " "
              + target.rawQuery().map(q -> "? " + q).orElse("- -")
              + " @ "
              + target.authority().orElse("-");
    } catch (HttpProtocolException e) {
      actual = String.valueOf(e.status());
    }
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void the_raw_path_is_kept_as_sent() throws HttpProtocolException {
    RequestTarget target = RequestTargetParser.parse("GET", "/a/./b%20c?q");

    assertThat(target.rawPath()).isEqualTo("/a/./b%20c");
    assertThat(target.path().segments()).containsExactly("a", "b c");
  }
}
