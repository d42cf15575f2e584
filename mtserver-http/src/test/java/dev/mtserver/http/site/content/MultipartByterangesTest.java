package dev.mtserver.http.site.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.http.conditional.ByteRange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultipartByterangesTest {

  private static final byte[] FILE = "0123456789abcdefghij".getBytes(StandardCharsets.US_ASCII);

  private final MultipartByteranges body =
      MultipartByteranges.of(
          new ByteArrayTransfer(FILE),
          List.of(new ByteRange(10, 12), new ByteRange(0, 1)),
          FILE.length,
          "text/plain; charset=utf-8",
          "BOUNDARY");

  @Test
  void frames_each_range_with_its_type_and_content_range_in_request_order() throws IOException {
    String expected =
        "--BOUNDARY\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n"
            + "Content-Range: bytes 10-12/20\r\n\r\n"
            + "abc"
            + "\r\n--BOUNDARY\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n"
            + "Content-Range: bytes 0-1/20\r\n\r\n"
            + "01"
            + "\r\n--BOUNDARY--\r\n";

    assertThat(new String(sendWhole(), StandardCharsets.US_ASCII)).isEqualTo(expected);
    assertThat(body.length()).isEqualTo(expected.length());
    assertThat(body.contentType()).isEqualTo("multipart/byteranges; boundary=BOUNDARY");
  }

  @Test
  void a_transfer_can_resume_at_any_offset_as_a_partial_send_would() throws IOException {
    byte[] whole = sendWhole();
    for (int start = 0; start < whole.length; start++) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (WritableByteChannel channel = Channels.newChannel(out)) {
        TestRequests.transfer(body, start, body.length() - start, channel);
      }
      assertThat(out.toByteArray())
          .as("from offset %d", start)
          .isEqualTo(java.util.Arrays.copyOfRange(whole, start, whole.length));
    }
  }

  @Test
  void boundaries_are_random_and_short_enough_for_rfc_2046() {
    String a = MultipartByteranges.newBoundary();
    String b = MultipartByteranges.newBoundary();

    assertThat(a).isNotEqualTo(b).hasSizeLessThanOrEqualTo(70).matches("[A-Za-z0-9-]+");
  }

  private byte[] sendWhole() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (WritableByteChannel channel = Channels.newChannel(out)) {
      TestRequests.transfer(body, 0, body.length(), channel);
    }
    return out.toByteArray();
  }
}
