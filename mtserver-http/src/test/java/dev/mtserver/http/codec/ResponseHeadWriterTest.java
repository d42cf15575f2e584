package dev.mtserver.http.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResponseHeadWriterTest {

  private static String text(ByteBuffer buffer) {
    return StandardCharsets.ISO_8859_1.decode(buffer).toString();
  }

  @org.junit.jupiter.api.Test
  void writes_the_status_line_then_each_field_then_an_empty_line() {
    HttpFields fields = new HttpFields().add("Content-Type", "text/plain").add("X-Tab", "a\tb");

    assertThat(text(new ResponseHeadWriter().encode(HttpVersion.HTTP_1_1, 404, fields)))
        .isEqualTo("HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nX-Tab: a\tb\r\n\r\n");
    assertThat(text(new ResponseHeadWriter().encode(HttpVersion.HTTP_1_0, 299, new HttpFields())))
        .isEqualTo("HTTP/1.0 299 \r\n\r\n");
  }

  @org.junit.jupiter.api.Test
  void one_writer_reuses_its_buffer_for_each_head() {
    ResponseHeadWriter writer = new ResponseHeadWriter();
    HttpFields big = new HttpFields().add("X-Big", "v".repeat(2000));

    String first = text(writer.encode(HttpVersion.HTTP_1_1, 200, big));
    String second = text(writer.encode(HttpVersion.HTTP_1_1, 204, new HttpFields()));

    assertThat(first).hasSize(17 + 7 + 2000 + 2 + 2);
    assertThat(second).isEqualTo("HTTP/1.1 204 No Content\r\n\r\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\r\nSet-Cookie: x=1", "a\nb", "a\rb", "a\u0000b", "a\u007fb", "\u0100"})
  void a_value_that_could_split_the_response_is_refused(String value) {
    HttpFields fields = new HttpFields().add("Location", value);

    assertThatThrownBy(() -> new ResponseHeadWriter().encode(HttpVersion.HTTP_1_1, 302, fields))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Bad Name", "X:Y", "X\r\nY"})
  void a_name_that_is_not_a_token_is_refused(String name) {
    HttpFields fields = new HttpFields().add(name, "v");

    assertThatThrownBy(() -> new ResponseHeadWriter().encode(HttpVersion.HTTP_1_1, 200, fields))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
