package dev.mtserver.dynamic.fastcgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Records as the FastCGI 1.0 specification lays them out (section 3.3 and section 8): version,
 * type, request id (2 bytes), content length (2 bytes), padding length, reserved; content; padding.
 */
class RecordsTest {

  private final ByteBuffer out = ByteBuffer.allocate(70_000);

  @Test
  void begin_request_names_the_responder_role_and_keeps_the_connection() {
    Records.putBeginRequest(out, 1, true);

    // header: v1, FCGI_BEGIN_REQUEST, id 1, 8 bytes, no padding | role 1, FCGI_KEEP_CONN, 5
    // reserved
    assertThat(Hex.of(Hex.written(out)))
        .isEqualTo(Hex.of(Hex.bytes("01 01 00 01 00 08 00 00 | 00 01 01 00 00 00 00 00")));
  }

  @Test
  void begin_request_without_keep_conn_and_with_a_two_byte_request_id() {
    Records.putBeginRequest(out, 0x1234, false);

    assertThat(Hex.of(Hex.written(out)))
        .isEqualTo(Hex.of(Hex.bytes("01 01 12 34 00 08 00 00 | 00 01 00 00 00 00 00 00")));
  }

  @ParameterizedTest(name = "{0} bytes of content take {1} bytes of padding")
  @CsvSource({"0, 0", "1, 7", "5, 3", "7, 1", "8, 0", "9, 7", "65527, 1", "65528, 0"})
  void content_is_padded_to_a_multiple_of_eight(int content, int padding) {
    assertThat(Records.paddingFor(content)).isEqualTo(padding);
    assertThat(Records.recordLength(content) % 8).isZero();
  }

  @Test
  void a_stdin_record_carries_its_content_and_zero_padding() {
    byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);

    Records.putRecord(out, RecordType.STDIN, 1, hello, 0, hello.length);

    assertThat(Hex.of(Hex.written(out)))
        .isEqualTo(Hex.of(Hex.bytes("01 05 00 01 00 05 03 00 | 'hello' | 00 00 00")));
  }

  @Test
  void streams_end_with_an_empty_record_and_abort_has_no_content() {
    Records.putEndOfStream(out, RecordType.PARAMS, 1);
    Records.putEndOfStream(out, RecordType.STDIN, 1);
    Records.putAbortRequest(out, 1);

    assertThat(Hex.of(Hex.written(out)))
        .isEqualTo(
            Hex.of(
                Hex.bytes(
                    "01 04 00 01 00 00 00 00 | 01 05 00 01 00 00 00 00 | 01 02 00 01 00 00 00"
                        + " 00")));
  }

  @Test
  void a_full_record_is_the_largest_multiple_of_eight_php_fpm_accepts() {
    byte[] content = new byte[Records.MAX_WRITTEN_CONTENT];

    Records.putRecord(out, RecordType.STDIN, 1, content, 0, content.length);

    byte[] record = Hex.written(out);
    assertThat(record).hasSize(8 + 65_528);
    // content length 0xfff8, padding 0: content plus padding stays within 65 535
    assertThat(Hex.of(java.util.Arrays.copyOf(record, 8))).isEqualTo("01 05 00 01 ff f8 00 00");
    assertThatThrownBy(
            () -> Records.putRecord(out, RecordType.STDIN, 1, new byte[65_529], 0, 65_529))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void every_type_has_the_code_of_the_specification() {
    assertThat(RecordType.values())
        .extracting(type -> type.code)
        .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    assertThat(RecordType.of(6)).isEqualTo(RecordType.STDOUT);
    assertThat(RecordType.of(0)).isNull();
    assertThat(RecordType.of(12)).isNull();
  }
}
