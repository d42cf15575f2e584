package dev.mtserver.domain.script.gateway;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One script's error output (stderr for php-cgi, {@code FCGI_STDERR} for php-fpm), cut into lines
 * fit for the server's log. At most {@value #MAX_LOGGED_BYTES} bytes per script reach the log,
 * lines are cut at {@value #MAX_LINE_BYTES} bytes (marked {@code [cut]}), and control characters
 * become {@code ?} so that a script cannot forge a log line; the rest is counted and dropped.
 *
 * <p>Used by one thread at a time: the gateway feeds the bytes as they come and calls {@link
 * #finish} once the script's error output has ended.
 */
public final class StderrLines {

  /** The most a single script may put into the log. */
  public static final int MAX_LOGGED_BYTES = 16 * 1024;

  /** The longest line logged; the rest of it is dropped. */
  public static final int MAX_LINE_BYTES = 1024;

  private final Consumer<String> log;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(128);
  private long budget = MAX_LOGGED_BYTES;
  private long dropped;
  private boolean lineCut;

  /**
   * @param log receives each complete line, already made printable
   */
  public StderrLines(Consumer<String> log) {
    this.log = Objects.requireNonNull(log, "log");
  }

  /** Takes the next bytes of the script's error output. */
  public void accept(byte[] bytes, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      accept(bytes[i]);
    }
  }

  /** Takes the next bytes of the script's error output: what {@code bytes} has left, all of it. */
  public void accept(ByteBuffer bytes) {
    while (bytes.hasRemaining()) {
      accept(bytes.get());
    }
  }

  /** The error output has ended: a last line without its line feed is logged too. */
  public void finish() {
    if (line.size() > 0 || lineCut) {
      emit();
    }
  }

  /** How many bytes were dropped, past the per-script budget or the line limit. */
  public long dropped() {
    return dropped;
  }

  private void accept(byte b) {
    if (budget <= 0) {
      dropped++;
      return;
    }
    if (b == '\n') {
      emit();
    } else if (line.size() < MAX_LINE_BYTES) {
      line.write(b);
    } else {
      lineCut = true;
      dropped++;
    }
  }

  private void emit() {
    String text = printable(line.toString(StandardCharsets.UTF_8));
    budget -= line.size() + 1;
    log.accept(lineCut ? text + " [cut]" : text);
    line.reset();
    lineCut = false;
  }

  /** Control characters (CR included) become {@code ?}: a script cannot forge a log line. */
  static String printable(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean control = (c < 0x20 && c != '\t') || (c >= 0x7f && c < 0xa0);
      if (control) {
        if (out == null) {
          out = new StringBuilder(text.length()).append(text, 0, i);
        }
        out.append('?');
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? text : out.toString();
  }
}
