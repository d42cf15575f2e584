package dev.mtserver.http.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpInputTest {

  /** A stream that records how many bytes each read asked for. */
  private static final class RecordingStream extends InputStream {
    private final ByteArrayInputStream bytes;
    final List<Integer> asked = new ArrayList<>();

    RecordingStream(byte[] content) {
      this.bytes = new ByteArrayInputStream(content);
    }

    @Override
    public int read() {
      asked.add(1);
      return bytes.read();
    }

    @Override
    public int read(byte[] b, int off, int len) {
      asked.add(len);
      return bytes.read(b, off, len);
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void a_connection_sending_small_heads_keeps_the_small_buffer() throws Exception {
    byte[] oneRequest = ascii("GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
    RecordingStream stream = new RecordingStream(oneRequest);
    HttpInput input = new HttpInput(stream, 2048, 16384);

    assertThat(input.readLine(8192, 414)).isEqualTo("GET /a HTTP/1.1");
    assertThat(input.readLine(8192, 431)).isEqualTo("Host: x");
    assertThat(input.readLine(8192, 431)).isEmpty();
    assertThat(input.read()).isEqualTo(-1);

    assertThat(stream.asked).containsOnly(2048);
  }

  @Test
  void the_buffer_grows_to_its_maximum_after_a_read_fills_it_and_no_byte_is_lost()
      throws Exception {
    byte[] content = new byte[100_000];
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) (i * 31);
    }
    RecordingStream stream = new RecordingStream(content);
    HttpInput input = new HttpInput(stream, 2048, 16384);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int b;
    while ((b = input.read()) >= 0) {
      out.write(b);
    }

    assertThat(out.toByteArray()).isEqualTo(content);
    assertThat(stream.asked.get(0)).isEqualTo(2048);
    assertThat(stream.asked.subList(1, stream.asked.size())).containsOnly(16384);
  }

  @Test
  void a_fixed_buffer_never_grows() throws IOException {
    RecordingStream stream = new RecordingStream(new byte[10_000]);
    HttpInput input = new HttpInput(stream, 4096);
    while (input.read() >= 0) {
      // drain
    }
    assertThat(stream.asked).containsOnly(4096);
  }

  @Test
  void sizes_that_cannot_work_are_refused() {
    InputStream empty = new ByteArrayInputStream(new byte[0]);
    assertThatThrownBy(() -> new HttpInput(empty, 0, 16))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HttpInput(empty, 32, 16))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
