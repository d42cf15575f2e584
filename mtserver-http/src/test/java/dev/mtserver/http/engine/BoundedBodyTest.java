package dev.mtserver.http.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class BoundedBodyTest {

  @Test
  void a_body_at_the_limit_reads_to_its_end() throws IOException {
    BoundedBody body = new BoundedBody(new ByteArrayInputStream(new byte[100]), 100);

    assertThat(body.readAllBytes()).hasSize(100);
    assertThat(body.clientFailed()).isFalse();
  }

  @Test
  void one_byte_past_the_limit_throws() {
    BoundedBody body = new BoundedBody(new ByteArrayInputStream(new byte[101]), 100);

    assertThatThrownBy(body::readAllBytes).isInstanceOf(BodyTooLargeException.class);
    assertThat(body.clientFailed()).isFalse();
  }

  @Test
  void skipped_bytes_count_too() {
    BoundedBody body = new BoundedBody(new ByteArrayInputStream(new byte[500]), 100);

    assertThatThrownBy(() -> body.skip(500)).isInstanceOf(BodyTooLargeException.class);
  }

  @Test
  void a_huge_limit_does_not_overflow() throws IOException {
    BoundedBody body = new BoundedBody(new ByteArrayInputStream(new byte[10]), Long.MAX_VALUE);

    assertThat(body.readAllBytes()).hasSize(10);
  }

  @Test
  @SuppressWarnings("InputStreamSlowMultibyteRead") // it exists to fail a read; speed is moot
  void a_failing_client_is_remembered() {
    BoundedBody body =
        new BoundedBody(
            new InputStream() {
              @Override
              public int read() throws IOException {
                throw new IOException("reset");
              }
            },
            100);

    assertThatThrownBy(() -> body.read(new byte[10], 0, 10)).hasMessage("reset");
    assertThat(body.clientFailed()).isTrue();
  }
}
