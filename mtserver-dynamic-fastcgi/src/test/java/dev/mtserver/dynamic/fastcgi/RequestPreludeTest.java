package dev.mtserver.dynamic.fastcgi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bytes that open a request: BEGIN_REQUEST, the PARAMS stream, and STDIN's end for no body. */
class RequestPreludeTest {

  /** A record as read back by hand from the specification's layout. */
  record Parsed(int type, int requestId, int contentLength, int paddingLength, byte[] content) {}

  static List<Parsed> parse(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    List<Parsed> records = new ArrayList<>();
    while (in.hasRemaining()) {
      assertThat(in.get()).as("version").isEqualTo((byte) 1);
      int type = in.get() & 0xff;
      int id = in.getShort() & 0xffff;
      int length = in.getShort() & 0xffff;
      int padding = in.get() & 0xff;
      in.get();
      byte[] content = new byte[length];
      in.get(content);
      for (int i = 0; i < padding; i++) {
        assertThat(in.get()).as("padding is zero").isZero();
      }
      assertThat((8 + length + padding) % 8).as("record length is a multiple of 8").isZero();
      records.add(new Parsed(type, id, length, padding, content));
    }
    return records;
  }

  @Test
  void a_get_is_one_run_of_bytes_down_to_the_end_of_stdin() {
    byte[] prelude = RequestPrelude.encode(1, Map.of("A", "b"), false);

    assertThat(Hex.of(prelude))
        .isEqualTo(
            Hex.of(
                Hex.bytes(
                    """
                    01 01 00 01 00 08 00 00 | 00 01 01 00 00 00 00 00
                    01 04 00 01 00 04 04 00 | 01 01 'A' 'b' | 00 00 00 00
                    01 04 00 01 00 00 00 00
                    01 05 00 01 00 00 00 00\
                    """)));
  }

  @Test
  void with_a_body_to_follow_stdin_stays_open() {
    List<Parsed> records = parse(RequestPrelude.encode(1, Map.of("A", "b"), true));

    assertThat(records).extracting(Parsed::type).containsExactly(1, 4, 4);
    assertThat(records.get(2).contentLength()).isZero();
  }

  @Test
  void pairs_are_packed_whole_so_php_fpm_never_sees_one_split() {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("A", "x".repeat(30_000)); // each pair: 1 + 4 + 1 + 30 000 = 30 006 bytes
    params.put("B", "y".repeat(30_000));
    params.put("C", "z".repeat(30_000));

    List<Parsed> records = parse(RequestPrelude.encode(1, params, false));

    assertThat(records).extracting(Parsed::type).containsExactly(1, 4, 4, 4, 5);
    assertThat(records.get(1).contentLength()).isEqualTo(60_012);
    assertThat(records.get(1).paddingLength()).isEqualTo(4);
    assertThat(records.get(2).contentLength()).isEqualTo(30_006);
    assertThat(records.get(2).paddingLength()).isEqualTo(2);
    assertThat(records.get(2).content()[5]).isEqualTo((byte) 'C');
  }

  @Test
  void a_64_kib_parameter_is_split_across_records_as_the_stream_allows() {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("SCRIPT_NAME", "/a.php");
    params.put("HTTP_COOKIE", "c".repeat(65_536));

    byte[] prelude = RequestPrelude.encode(1, params, false);
    List<Parsed> records = parse(prelude);

    // BEGIN_REQUEST; the first pair alone (19 bytes, 5 of padding); the big pair (65 552 bytes) in
    // a full record of 0xfff8 and the 24 bytes left; the empty PARAMS; the empty STDIN
    assertThat(records).extracting(Parsed::type).containsExactly(1, 4, 4, 4, 4, 5);
    assertThat(records).extracting(Parsed::contentLength).containsExactly(8, 19, 65_528, 24, 0, 0);
    assertThat(records).extracting(Parsed::paddingLength).containsExactly(0, 5, 0, 0, 0, 0);
    assertThat(Hex.of(java.util.Arrays.copyOfRange(prelude, 48, 56)))
        .isEqualTo("01 04 00 01 ff f8 00 00");
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    records.stream().filter(r -> r.type() == 4).forEach(r -> stream.writeBytes(r.content()));
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    expected.writeBytes(Hex.bytes("0b 06 'SCRIPT_NAME' '/a.php' 0b 80 01 00 00 'HTTP_COOKIE'"));
    expected.writeBytes("c".repeat(65_536).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    assertThat(stream.toByteArray()).isEqualTo(expected.toByteArray());
  }

  @Test
  void no_params_still_send_the_empty_params_record() {
    assertThat(parse(RequestPrelude.encode(7, Map.of(), false)))
        .extracting(Parsed::type, Parsed::requestId, Parsed::contentLength)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, 7, 8),
            org.assertj.core.groups.Tuple.tuple(4, 7, 0),
            org.assertj.core.groups.Tuple.tuple(5, 7, 0));
  }

  @Test
  void names_and_values_beyond_ascii_are_sent_as_utf_8_with_their_length_in_bytes() {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("HTTP_X_NAME", "Zoë"); // 2-byte character
    params.put("QUERY_STRING", "price=€" + "x".repeat(130)); // 3 bytes; a 4-byte length
    params.put("HTTP_X_EMOJI", "\uD83D\uDE00"); // a surrogate pair: 4 bytes
    params.put("HTTP_X_BROKEN", "a\uD800b"); // an unpaired surrogate: '?', as getBytes makes it

    List<Parsed> records = parse(RequestPrelude.encode(1, params, false));

    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    params.forEach((name, value) -> expected.writeBytes(NameValuePairs.encode(name, value)));
    assertThat(records.get(1).content()).isEqualTo(expected.toByteArray());
  }

  @Test
  void one_prelude_reused_for_a_large_request_then_a_small_one_writes_each_exactly() {
    RequestPrelude prelude = new RequestPrelude();
    Map<String, String> large = new LinkedHashMap<>();
    for (int i = 0; i < 300; i++) {
      large.put(
          "HTTP_X_FIELD_" + i,
          "v".repeat(300)); // about 94 KiB: two records, far past the first buffer
    }
    Map<String, String> small = Map.of("A", "b");

    ByteBuffer first = prelude.opening(1, large, true);
    byte[] firstBytes = new byte[first.remaining()];
    first.get(firstBytes);
    ByteBuffer second = prelude.opening(1, small, false);
    byte[] secondBytes = new byte[second.remaining()];
    second.get(secondBytes);

    assertThat(firstBytes).isEqualTo(RequestPrelude.encode(1, large, true));
    assertThat(parse(firstBytes)).extracting(Parsed::type).containsExactly(1, 4, 4, 4);
    assertThat(secondBytes).isEqualTo(RequestPrelude.encode(1, small, false));
    assertThat(parse(secondBytes)).extracting(Parsed::type).containsExactly(1, 4, 4, 5);
  }
}
