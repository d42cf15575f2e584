package dev.mtserver.dynamic.cgi;

import dev.mtserver.domain.script.gateway.StderrLines;
import java.io.IOException;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains one script's stderr into the log, a line per entry, on a thread of its own (a script whose
 * stderr pipe fills up would block). What is logged, and how much, is {@link StderrLines}' rule (16
 * KiB per script, lines cut at 1 KiB, control characters replaced); the rest is read, counted and
 * dropped.
 */
final class StderrLog implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(StderrLog.class);

  private final InputStream stderr;
  private final String script;

  StderrLog(InputStream stderr, String script) {
    this.stderr = stderr;
    this.script = script;
  }

  @Override
  public void run() {
    StderrLines lines = new StderrLines(line -> log.warn("{} stderr: {}", script, line));
    byte[] buffer = new byte[8192];
    try (stderr) {
      int n;
      while ((n = stderr.read(buffer)) >= 0) {
        lines.accept(buffer, 0, n);
      }
    } catch (IOException e) {
      log.debug("stderr of {} ended: {}", script, e.toString());
    }
    lines.finish();
    if (lines.dropped() > 0) {
      log.warn("{} wrote {} more bytes to stderr than are logged", script, lines.dropped());
    }
  }
}
