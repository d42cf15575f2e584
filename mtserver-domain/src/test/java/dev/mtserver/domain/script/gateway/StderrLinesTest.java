package dev.mtserver.domain.script.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StderrLinesTest {

  private final List<String> logged = new ArrayList<>();
  private final StderrLines lines = new StderrLines(logged::add);

  private void feed(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    lines.accept(bytes, 0, bytes.length);
  }

  @Test
  void lines_are_logged_as_they_complete_and_the_last_one_at_the_end() {
    feed("PHP Warning: one\nPHP Warn");
    assertThat(logged).containsExactly("PHP Warning: one");

    lines.accept(ByteBuffer.wrap("ing: two\nthree".getBytes(StandardCharsets.UTF_8)));
    lines.finish();

    assertThat(logged).containsExactly("PHP Warning: one", "PHP Warning: two", "three");
  }

  @Test
  void a_script_cannot_forge_a_log_line() {
    feed("innocent\r2026-01-01 ERROR forged \u001b[31mred\n");

    assertThat(logged).containsExactly("innocent?2026-01-01 ERROR forged ?[31mred");
  }

  @Test
  void long_lines_are_cut_and_a_flood_is_counted_not_logged() {
    feed("x".repeat(StderrLines.MAX_LINE_BYTES + 10) + "\n");
    assertThat(logged).containsExactly("x".repeat(StderrLines.MAX_LINE_BYTES) + " [cut]");
    assertThat(lines.dropped()).isEqualTo(10);

    feed(("y".repeat(99) + "\n").repeat(1_000)); // 100 000 bytes
    lines.finish();

    long loggedBytes = logged.stream().mapToLong(line -> line.length() + 1).sum();
    assertThat(loggedBytes)
        .isLessThanOrEqualTo(StderrLines.MAX_LOGGED_BYTES + StderrLines.MAX_LINE_BYTES + 8);
    assertThat(lines.dropped()).isGreaterThan(80_000);
  }
}
