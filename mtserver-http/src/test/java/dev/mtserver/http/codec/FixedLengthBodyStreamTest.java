package dev.mtserver.http.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FixedLengthBodyStreamTest {

  @Test
  void reads_exactly_its_length_and_leaves_the_rest() throws IOException {
    HttpInput input = Wire.input("helloGET");

    assertThat(new FixedLengthBodyStream(input, 5).readAllBytes())
        .isEqualTo("hello".getBytes(StandardCharsets.US_ASCII));
    assertThat(new FixedLengthBodyStream(input, 3).readAllBytes())
        .isEqualTo("GET".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void a_body_shorter_than_its_length_is_incomplete_not_short() {
    FixedLengthBodyStream body = new FixedLengthBodyStream(Wire.input("hel"), 5);

    assertThatThrownBy(body::readAllBytes)
        .isInstanceOf(IncompleteBodyException.class)
        .hasMessageContaining("2 bytes early");
  }

  @Test
  void single_byte_reads_count_down_too() throws IOException {
    FixedLengthBodyStream body = new FixedLengthBodyStream(Wire.input("ab"), 1);

    assertThat(body.read()).isEqualTo('a');
    assertThat(body.read()).isEqualTo(-1);
  }

  @Test
  void discard_refuses_up_front_what_it_would_not_finish() throws IOException {
    HttpInput input = Wire.input("0123456789");
    FixedLengthBodyStream body = new FixedLengthBodyStream(input, 10);

    assertThat(body.discard(9)).isFalse();
    assertThat(body.remaining()).isEqualTo(10);
    assertThat(body.discard(10)).isTrue();
    assertThat(body.remaining()).isZero();
  }

  @Test
  void discard_of_a_truncated_body_is_incomplete() {
    FixedLengthBodyStream body = new FixedLengthBodyStream(Wire.input("0123"), 10);

    assertThatThrownBy(() -> body.discard(100)).isInstanceOf(IncompleteBodyException.class);
  }
}
