package dev.mtserver.dynamic.cgi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains one script's stderr into the log, a line per entry, on a thread of its own (a script
 * whose stderr pipe fills up would block). At most {@value #MAX_LOGGED_BYTES} bytes per script are
 * logged, lines cut at {@value #MAX_LINE_BYTES} bytes, control characters replaced (no forged log
 * lines); the rest is read, counted and dropped.
 */
final class StderrLog implements Runnable {

  static final int MAX_LOGGED_BYTES = 16 * 1024;
  static final int MAX_LINE_BYTES = 1024;

  private static final Logger log = LoggerFactory.getLogger(StderrLog.class);

  private final InputStream stderr;
  private final String script;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(128);
  private long budget = MAX_LOGGED_BYTES;
  private long dropped;
  private boolean lineCut;

  StderrLog(InputStream stderr, String script) {
    this.stderr = stderr;
    this.script = script;
  }

  @Override
  public void run() {
    byte[] buffer = new byte[8192];
    try (stderr) {
      int n;
      while ((n = stderr.read(buffer)) >= 0) {
        for (int i = 0; i < n; i++) {
          accept(buffer[i]);
        }
      }
    } catch (IOException e) {
      log.debug("stderr of {} ended: {}", script, e.toString());
    }
    if (line.size() > 0 || lineCut) {
      emit();
    }
    if (dropped > 0) {
      log.warn("{} wrote {} more bytes to stderr than are logged", script, dropped);
    }
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
    log.warn("{} stderr: {}{}", script, text, lineCut ? " [cut]" : "");
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
