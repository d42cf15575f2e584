package dev.mtserver.dynamic.fastcgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What php-fpm sends back, as byte tables, read whole, split at every point, and byte by byte. */
class RecordReaderTest {

  /** A page (29 bytes, 3 of padding), a line of stderr (17 bytes, 7 of padding), the end. */
  private static final byte[] ANSWER =
      Hex.bytes(
          """
          01 06 00 01 00 1d 03 00 | 'Content-type: text/html' 0d 0a 0d 0a 'hi' | 00 00 00
          01 07 00 01 00 11 07 00 | 'PHP message: boom' | 00 00 00 00 00 00 00
          01 03 00 01 00 08 00 00 | 00 00 00 00 00 00 00 00\
          """);

  /** Everything the reader made of the bytes fed to it in the given pieces. */
  private static final class Collected {
    final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    final List<String> events = new ArrayList<>();
    int stdoutParts;
  }

  private static Collected feed(byte[] bytes, int... cuts) throws FastCgiProtocolException {
    RecordReader reader = new RecordReader(1);
    ByteBuffer buffer = ByteBuffer.allocate(bytes.length).flip();
    Collected collected = new Collected();
    int from = 0;
    int[] ends = Arrays.copyOf(cuts, cuts.length + 1);
    ends[cuts.length] = bytes.length;
    for (int end : ends) {
      buffer.compact().put(bytes, from, end - from).flip(); // as a connection reads more
      from = end;
      RecordReader.Event event;
      while ((event = reader.next(buffer)) != null) {
        switch (event) {
          case RecordReader.Output output when output.stream() == RecordType.STDOUT -> {
            collected.stdout.writeBytes(copy(output.data()));
            collected.stdoutParts++;
          }
          case RecordReader.Output output -> collected.stderr.writeBytes(copy(output.data()));
          case RecordReader.EndOfStream end2 -> collected.events.add("end of " + end2.stream());
          case RecordReader.EndRequest end2 ->
              collected.events.add("end request " + end2.appStatus() + "/" + end2.protocolStatus());
        }
      }
    }
    assertThat(buffer.remaining()).as("bytes left over").isZero();
    return collected;
  }

  private static byte[] copy(ByteBuffer data) {
    byte[] bytes = new byte[data.remaining()];
    data.get(bytes);
    return bytes;
  }

  private static String text(ByteArrayOutputStream bytes) {
    return bytes.toString(StandardCharsets.ISO_8859_1);
  }

  @Test
  void an_answer_read_whole() throws Exception {
    Collected collected = feed(ANSWER);

    assertThat(text(collected.stdout)).isEqualTo("Content-type: text/html\r\n\r\nhi");
    assertThat(text(collected.stderr)).isEqualTo("PHP message: boom");
    assertThat(collected.events).containsExactly("end request 0/0");
    assertThat(collected.stdoutParts).isEqualTo(1);
  }

  @Test
  void an_answer_split_in_two_anywhere_reads_the_same() throws Exception {
    for (int cut = 0; cut <= ANSWER.length; cut++) {
      Collected collected = feed(ANSWER, cut);

      assertThat(text(collected.stdout))
          .as("cut at %d", cut)
          .isEqualTo("Content-type: text/html\r\n\r\nhi");
      assertThat(text(collected.stderr)).as("cut at %d", cut).isEqualTo("PHP message: boom");
      assertThat(collected.events).as("cut at %d", cut).containsExactly("end request 0/0");
    }
  }

  @Test
  void an_answer_arriving_byte_by_byte_is_handed_on_as_it_comes() throws Exception {
    int[] everyByte = new int[ANSWER.length - 1];
    Arrays.setAll(everyByte, i -> i + 1);

    Collected collected = feed(ANSWER, everyByte);

    assertThat(text(collected.stdout)).isEqualTo("Content-type: text/html\r\n\r\nhi");
    assertThat(collected.stdoutParts).as("each byte of content as it arrived").isEqualTo(29);
    assertThat(collected.events).containsExactly("end request 0/0");
  }

  @Test
  void end_request_is_only_taken_whole_so_nothing_of_it_stays_behind() throws Exception {
    RecordReader reader = new RecordReader(1);
    ByteBuffer buffer = ByteBuffer.wrap(Hex.bytes("01 03 00 01 00 08 00 00 | ff ff ff ff 02"));

    assertThat(reader.next(buffer)).isNull();
    assertThat(buffer.position()).isZero();

    buffer = ByteBuffer.wrap(Hex.bytes("01 03 00 01 00 08 00 00 | ff ff ff ff 02 00 00 00"));
    assertThat(reader.next(buffer))
        .isEqualTo(new RecordReader.EndRequest(4_294_967_295L, Records.OVERLOADED));
    assertThat(buffer.hasRemaining()).isFalse();
  }

  @Test
  void empty_records_end_the_streams() throws Exception {
    Collected collected =
        feed(
            Hex.bytes(
                """
                01 06 00 01 00 01 07 00 | 'x' 00 00 00 00 00 00 00
                01 07 00 01 00 00 00 00
                01 06 00 01 00 00 00 00
                01 03 00 01 00 08 00 00 | 00 00 00 00 00 00 00 00\
                """));

    assertThat(text(collected.stdout)).isEqualTo("x");
    assertThat(collected.events)
        .containsExactly("end of STDERR", "end of STDOUT", "end request 0/0");
  }

  @Test
  void management_records_are_skipped() throws Exception {
    Collected collected =
        feed(
            Hex.bytes(
                """
                01 0a 00 00 00 05 03 00 | 'abcde' 00 00 00
                01 0b 00 00 00 08 00 00 | 09 00 00 00 00 00 00 00
                01 06 00 01 00 01 07 00 | 'x' 00 00 00 00 00 00 00\
                """));

    assertThat(text(collected.stdout)).isEqualTo("x");
    assertThat(collected.events).isEmpty();
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "02 06 00 01 00 00 00 00                         | version 2",
        "01 06 00 02 00 00 00 00                         | request 2",
        "01 01 00 01 00 08 00 00 00 01 00 00 00 00 00 00 | unexpected record type 1",
        "01 05 00 01 00 00 00 00                         | unexpected record type 5",
        "01 0c 00 01 00 00 00 00                         | unexpected record type 12",
        "01 03 00 01 00 04 04 00 00 00 00 00 00 00 00 00 | FCGI_END_REQUEST with 4 bytes"
      })
  void a_broken_answer_is_a_protocol_error(String hex, String reason) {
    ByteBuffer buffer = ByteBuffer.wrap(Hex.bytes(hex));

    assertThatThrownBy(() -> new RecordReader(1).next(buffer))
        .isInstanceOf(FastCgiProtocolException.class)
        .hasMessageContaining(reason);
  }
}
