package dev.mtserver.dynamic.cgi;

import dev.mtserver.domain.script.ScriptOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The body of a running script's answer: what was read ahead with the header, then the rest of its
 * stdout. Used by one thread at a time.
 */
final class ProcessOutput implements ScriptOutput {

  private static final Logger log = LoggerFactory.getLogger(ProcessOutput.class);
  private static final int BUFFER_BYTES = 16 * 1024;

  private final ScriptProcess process;
  private final InputStream stdout;
  private final byte[] readAhead;
  private final int readAheadLength;
  private final long declaredLength;
  private boolean ended;
  private boolean closed;

  /**
   * @param readAhead body bytes already read with the header
   * @param ended whether stdout already reached its end
   * @param declaredLength the script's {@code Content-Length}, or -1
   */
  ProcessOutput(
      ScriptProcess process,
      InputStream stdout,
      byte[] readAhead,
      int readAheadLength,
      boolean ended,
      long declaredLength) {
    this.process = process;
    this.stdout = stdout;
    this.readAhead = readAhead;
    this.readAheadLength = readAheadLength;
    this.ended = ended;
    this.declaredLength = declaredLength;
  }

  @Override
  public long length() {
    return ended ? readAheadLength : declaredLength;
  }

  /**
   * Sends the read-ahead, then whatever the script writes, flushing whenever it pauses (nothing
   * more is waiting in the pipe), so a page that streams reaches the client as it is produced.
   */
  @Override
  public void transferTo(OutputStream out) throws IOException {
    long limit = declaredLength >= 0 ? declaredLength : Long.MAX_VALUE;
    long sent = Math.min(readAheadLength, limit);
    out.write(readAhead, 0, (int) sent);
    if (!ended) {
      if (stdout.available() == 0) {
        out.flush();
      }
      byte[] buffer = new byte[BUFFER_BYTES];
      while (sent < limit) {
        int n = stdout.read(buffer, 0, (int) Math.min(buffer.length, limit - sent));
        if (n < 0) {
          ended = true;
          break;
        }
        out.write(buffer, 0, n);
        sent += n;
        if (stdout.available() == 0) {
          out.flush();
        }
      }
    }
    if (process.timedOut()) {
      throw new IOException("script " + process + " ran out of time after " + sent + " bytes");
    }
    if (declaredLength >= 0 && sent < declaredLength) {
      throw new IOException(
          "script "
              + process
              + " wrote "
              + sent
              + " of the "
              + declaredLength
              + " bytes it declared");
    }
    if (!ended) {
      log.debug("{} wrote more than its Content-Length; the rest is dropped", process);
    }
  }

  @Override
  public void discard() throws IOException {
    if (!ended) {
      stdout.transferTo(OutputStream.nullOutputStream());
      ended = true;
    }
    if (process.timedOut()) {
      throw new IOException("script " + process + " ran out of time");
    }
  }

  /** Stops the script unless its output ended by itself. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (!ended) {
      process.stop(ScriptProcess.Stop.ABANDONED);
    }
    try {
      stdout.close();
    } catch (IOException e) {
      log.debug("close failed", e);
    }
  }
}
