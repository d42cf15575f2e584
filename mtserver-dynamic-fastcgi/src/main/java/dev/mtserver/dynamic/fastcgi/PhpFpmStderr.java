package dev.mtserver.dynamic.fastcgi;

import dev.mtserver.domain.script.gateway.StderrLines;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A script's {@code FCGI_STDERR}, into the log a message per line. php-fpm (since PHP 8.2) sends
 * the messages of a request run together — {@code PHP message: one; PHP message: two}, with no line
 * feed between or after them — so the {@code "; "} before each {@code "PHP message: "} becomes a
 * line feed here; everything else passes to {@link StderrLines} (bounded, made printable)
 * unchanged. The pattern is recognised across record boundaries.
 */
final class PhpFpmStderr {

  private static final byte[] SEPARATOR = "; PHP message: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] LINE_FEED = {'\n'};

  private final StderrLines lines;

  /**
   * How many bytes of {@link #SEPARATOR} were seen last, held back until it is known whether it is
   * one.
   */
  private int matched;

  PhpFpmStderr(StderrLines lines) {
    this.lines = lines;
  }

  /** The next bytes of {@code FCGI_STDERR}: what {@code bytes} has left. */
  void accept(ByteBuffer bytes) {
    while (bytes.hasRemaining()) {
      if (matched == 0) {
        int end = bytes.position();
        while (end < bytes.limit() && bytes.get(end) != SEPARATOR[0]) {
          end++;
        }
        if (end > bytes.position()) { // a run without ';' passes on at once
          lines.accept(bytes.slice(bytes.position(), end - bytes.position()));
          bytes.position(end);
          continue;
        }
      }
      byte b = bytes.get();
      if (b == SEPARATOR[matched]) {
        if (++matched == SEPARATOR.length) {
          lines.accept(LINE_FEED, 0, 1);
          lines.accept(SEPARATOR, 2, SEPARATOR.length - 2); // "PHP message: " starts the new line
          matched = 0;
        }
      } else { // not the separator after all: pass on what was held back, and look at b afresh
        lines.accept(SEPARATOR, 0, matched);
        matched = 0;
        bytes.position(bytes.position() - 1);
      }
    }
  }

  /** The error output has ended. */
  void finish() {
    lines.accept(SEPARATOR, 0, matched);
    matched = 0;
    lines.finish();
  }

  /** How many bytes were not logged. */
  long dropped() {
    return lines.dropped();
  }
}
