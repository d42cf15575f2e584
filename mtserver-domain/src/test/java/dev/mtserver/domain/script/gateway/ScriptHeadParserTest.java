package dev.mtserver.domain.script.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mtserver.domain.script.HeaderField;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Raw script outputs (\n and \r written out) and what the server makes of them. */
class ScriptHeadParserTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // what php-cgi writes
        "Content-type: text/html; charset=UTF-8\\r"
            + "\\n"
            + "\\r"
            + "\\n"
            + "hi | 200 [Content-type: text/html; charset=UTF-8] body=hi",
        "Status: 418\\r"
            + "\\n"
            + "X-A: b\\r"
            + "\\n"
            + "Content-type: text/html\\r"
            + "\\n"
            + "\\r"
            + "\\n"
            + "tea | 418 [X-A: b, Content-type: text/html] body=tea",
        "Status: 302 Found\\r"
            + "\\n"
            + "Location: /foo\\r"
            + "\\n"
            + "Content-type: text/html\\r"
            + "\\n"
            + "\\r"
            + "\\n"
            + " | 302 [Content-type: text/html, Location: /foo] body=",
        // bare LF line ends, as many shell scripts write
        "Content-Type: text/plain\\n\\nbody | 200 [Content-Type: text/plain] body=body",
        "Status: 404 Not Found\\n\\n | 404 [] body=",
        "Status:201\\nContent-Type: a/b\\n\\n | 201 [Content-Type: a/b] body=",
        "Status: 200\\tOK\\nContent-Type: a/b\\n\\n | 200 [Content-Type: a/b] body=",
        // client redirects: an absolute URI, or any Location with a status
        "Location: https://example.org/\\n\\n | 302 [Location: https://example.org/] body=",
        "Location: //evil.example/\\n\\n | 302 [Location: //evil.example/] body=",
        "Status: 301\\nLocation: /moved\\n\\n | 301 [Location: /moved] body=",
        "Location: relative.html\\n\\n | 302 [Location: relative.html] body=",
        // framing and hop-by-hop fields are the server's business
        "Content-Type: a/b\\n"
            + "Transfer-Encoding: chunked\\n"
            + "Connection: close\\n"
            + "Keep-Alive: 5\\n"
            + "Upgrade: h2c\\n"
            + "X-Kept: 1\\n"
            + "\\n"
            + " | 200 [Content-Type: a/b, X-Kept: 1] body=",
        "Content-Type: a/b\\nContent-Length: 2\\n\\nok | 200 [Content-Type: a/b] length=2 body=ok",
        "Content-Type: a/b\\n"
            + "Content-Length: 2\\n"
            + "Content-Length: 2\\n"
            + "\\n"
            + "ok | 200 [Content-Type: a/b] length=2 body=ok",
        "Set-Cookie: a=1\\n"
            + "Set-Cookie: b=2\\n"
            + "Content-Type: a/b\\n"
            + "\\n"
            + " | 200 [Set-Cookie: a=1, Set-Cookie: b=2, Content-Type: a/b] body=",
        "Content-Type:   spaced  \\n\\n | 200 [Content-Type: spaced] body=",
        "X-Empty:\\nContent-Type: a/b\\n\\n | 200 [X-Empty: , Content-Type: a/b] body="
      })
  void valid_headers(String raw, String expected) throws Exception {
    InputStream in = stream(raw);

    ScriptHead.Document head = (ScriptHead.Document) ScriptHeadParser.parse(in);

    String fields =
        head.fields().stream()
            .map(f -> f.name() + ": " + f.value())
            .collect(Collectors.joining(", ", "[", "]"));
    String length =
        head.contentLength().isPresent() ? " length=" + head.contentLength().getAsLong() : "";
    String body = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    assertThat(head.status() + " " + fields + length + " body=" + body).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> local redirect to {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Location: /other.html\\n\\n | /other.html",
        "Location: /next.php?a=1\\r\\nContent-Type: text/html\\r\\n\\r\\nignored | /next.php?a=1"
      })
  void an_absolute_path_without_a_status_is_a_local_redirect(String raw, String location)
      throws Exception {
    assertThat(ScriptHeadParser.parse(stream(raw)))
        .isEqualTo(new ScriptHead.LocalRedirect(location));
  }

  @ParameterizedTest(name = "{0} -> 502 ({1})")
  @CsvSource(
      delimiter = '|',
      value = {
        "'' | wrote nothing",
        "Content-Type: text/html | ended inside",
        "Content-Type: text/html\\n | ended inside",
        "\\nbody without a header | no header fields",
        "\\r\\n\\r\\n | no header fields",
        "<html>hello</html>\\n\\n | not 'name: value'",
        "HTTP/1.1 200 OK\\nContent-Type: a/b\\n\\n | not 'name: value'",
        ": no name\\n\\n | not 'name: value'",
        "Bad Name: x\\n\\n | not 'name: value'",
        "Content-Type : a/b\\n\\n | not 'name: value'",
        "Content-Type: a/b\\n folded\\n\\n | folded",
        "Content-Type: a/b\\rX-Injected: 1\\n\\n | bare CR",
        "Content-Type: a\\u0000b\\n\\n | control character",
        "Content-Type: a\\u001bb\\n\\n | control character",
        "X-Only: 1\\n\\nbody | no Content-Type",
        "Status: 99\\nContent-Type: a/b\\n\\n | bad Status",
        "Status: abc\\nContent-Type: a/b\\n\\n | bad Status",
        "Status: 2000\\nContent-Type: a/b\\n\\n | bad Status",
        "Status: 100 Continue\\nContent-Type: a/b\\n\\n | out of range",
        "Status: 600\\nContent-Type: a/b\\n\\n | out of range",
        "Status: 200\\nStatus: 404\\nContent-Type: a/b\\n\\n | more than one Status",
        "Location: /a\\nLocation: /b\\n\\n | more than one Location",
        "Location:\\n\\n | empty Location",
        "Content-Type: a/b\\nContent-Length: -1\\n\\n | bad Content-Length",
        "Content-Type: a/b\\nContent-Length: 1,1\\n\\n | bad Content-Length",
        "Content-Type: a/b\\nContent-Length: 1\\nContent-Length: 2\\n\\n | conflicting"
      })
  void malformed_or_missing_headers_are_refused(String raw, String reason) {
    assertThatThrownBy(() -> ScriptHeadParser.parse(stream(raw)))
        .isInstanceOf(MalformedScriptHeadException.class)
        .hasMessageContaining(reason);
  }

  @org.junit.jupiter.api.Test
  void a_runaway_header_is_refused_at_its_limit() {
    String huge = "X-Big: " + "a".repeat(ScriptHeadParser.MAX_HEAD_BYTES) + "\n\n";

    assertThatThrownBy(() -> ScriptHeadParser.parse(stream(huge)))
        .isInstanceOf(MalformedScriptHeadException.class)
        .hasMessageContaining("over");
  }

  @org.junit.jupiter.api.Test
  void obs_text_in_a_value_passes_byte_for_byte() throws Exception {
    byte[] raw = "Content-Type: a/b\nX-Name: caf\u00e9\n\n".getBytes(StandardCharsets.ISO_8859_1);

    ScriptHead.Document head =
        (ScriptHead.Document) ScriptHeadParser.parse(new ByteArrayInputStream(raw));

    assertThat(head.fields()).contains(new HeaderField("X-Name", "caf\u00e9"));
  }

  /** The table's text with \r, \n and \\uXXXX escapes turned into bytes. */
  private static InputStream stream(String escaped) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < escaped.length(); i++) {
      char c = escaped.charAt(i);
      if (c == '\\' && i + 1 < escaped.length()) {
        char next = escaped.charAt(++i);
        switch (next) {
          case 'r' -> out.append('\r');
          case 'n' -> out.append('\n');
          case 't' -> out.append('\t');
          case 'u' -> {
            out.append((char) Integer.parseInt(escaped.substring(i + 1, i + 5), 16));
            i += 4;
          }
          default -> out.append('\\').append(next);
        }
      } else {
        out.append(c);
      }
    }
    return new ByteArrayInputStream(out.toString().getBytes(StandardCharsets.ISO_8859_1));
  }
}
