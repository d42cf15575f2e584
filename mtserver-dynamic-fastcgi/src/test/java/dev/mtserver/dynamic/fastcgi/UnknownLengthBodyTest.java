package dev.mtserver.dynamic.fastcgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnknownLengthBodyTest {

  @TempDir Path spool;

  private static byte[] random(int length) {
    byte[] bytes = new byte[length];
    new Random(length).nextBytes(bytes);
    return bytes;
  }

  private static long files(Path directory) throws IOException {
    try (var listing = Files.list(directory)) {
      return listing.count();
    }
  }

  @Test
  void a_short_body_stays_in_memory() throws Exception {
    byte[] sent = random(UnknownLengthBody.MEMORY_BYTES);

    try (UnknownLengthBody body = UnknownLengthBody.read(new ByteArrayInputStream(sent), spool)) {
      assertThat(body.onDisk()).isFalse();
      assertThat(body.length()).isEqualTo(sent.length);
      assertThat(body.content().readAllBytes()).isEqualTo(sent);
    }
  }

  @Test
  void a_longer_body_goes_to_a_file_whose_name_is_gone_at_once() throws Exception {
    byte[] sent = random(UnknownLengthBody.MEMORY_BYTES + 1 + 300_000);

    try (UnknownLengthBody body = UnknownLengthBody.read(new ByteArrayInputStream(sent), spool)) {
      assertThat(body.onDisk()).isTrue();
      assertThat(files(spool)).isZero();
      assertThat(body.length()).isEqualTo(sent.length);
      assertThat(body.content().readAllBytes()).isEqualTo(sent);
    }
  }

  @Test
  void an_empty_body_has_length_zero() throws Exception {
    try (UnknownLengthBody body = UnknownLengthBody.read(InputStream.nullInputStream(), spool)) {
      assertThat(body.length()).isZero();
      assertThat(body.content().read()).isEqualTo(-1);
    }
  }

  @Test
  @SuppressWarnings("InputStreamSlowMultibyteRead") // it exists to fail a read; speed is moot
  void the_clients_failure_comes_through_unchanged_and_leaves_nothing() throws Exception {
    IOException clientGone = new IOException("client went away");
    InputStream failing =
        new SequenceInputStream(
            new ByteArrayInputStream(random(200_000)),
            new InputStream() {
              @Override
              public int read() throws IOException {
                throw clientGone;
              }
            });

    assertThatThrownBy(() -> UnknownLengthBody.read(failing, spool)).isSameAs(clientGone);
    assertThat(files(spool)).isZero();
  }

  @Test
  void bodies_left_by_a_crash_are_removed() throws Exception {
    Files.writeString(spool.resolve(UnknownLengthBody.PREFIX + "1.tmp"), "stale");
    Files.writeString(spool.resolve("other.txt"), "kept");

    UnknownLengthBody.removeStale(spool);

    assertThat(files(spool)).isEqualTo(1);
  }
}
