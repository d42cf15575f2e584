package dev.mtserver.dynamic.fastcgi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.domain.script.gateway.StderrLines;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What php-fpm 8.2 sends on FCGI_STDERR for three error_log() calls, and the log lines it becomes.
 */
class PhpFpmStderrTest {

  private static final String SENT = "PHP message: one; PHP message: two\nlines; PHP message: a; b";

  private static List<String> logged(String text, int... cuts) {
    List<String> lines = new ArrayList<>();
    PhpFpmStderr stderr = new PhpFpmStderr(new StderrLines(lines::add));
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    int from = 0;
    for (int cut : cuts) {
      stderr.accept(ByteBuffer.wrap(bytes, from, cut - from));
      from = cut;
    }
    stderr.accept(ByteBuffer.wrap(bytes, from, bytes.length - from));
    stderr.finish();
    return lines;
  }

  @Test
  void each_message_gets_a_line_of_its_own() {
    assertThat(logged(SENT))
        .containsExactly("PHP message: one", "PHP message: two", "lines", "PHP message: a; b");
  }

  @Test
  void the_separator_is_found_across_records() {
    for (int cut = 0; cut <= SENT.length(); cut++) {
      assertThat(logged(SENT, cut))
          .as("cut at %d", cut)
          .containsExactly("PHP message: one", "PHP message: two", "lines", "PHP message: a; b");
    }
  }

  @Test
  void a_near_miss_is_passed_on_as_it_was() {
    assertThat(logged("x; PHP messages; ;; PHP message:"))
        .containsExactly("x; PHP messages; ;; PHP message:");
  }
}
