package dev.mtserver.dynamic.fastcgi;

import dev.mtserver.domain.script.ScriptOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The body of a script's answer from php-fpm: what was read ahead with the header, then the rest of
 * {@code FCGI_STDOUT} as it comes. Closing it ends the {@link FastCgiExchange}: the connection goes
 * back to the pool if the request ended cleanly, else the request is aborted. Used by one thread at
 * a time.
 */
final class FastCgiOutput implements ScriptOutput {

  private static final Logger log = LoggerFactory.getLogger(FastCgiOutput.class);

  private final FastCgiExchange exchange;
  private final InputStream stdout;
  private final String script;
  private final byte[] readAhead;
  private final int readAheadLength;
  private final long declaredLength;
  private boolean ended;

  /**
   * @param readAhead body bytes already read with the header
   * @param ended whether {@code FCGI_STDOUT} already reached its end
   * @param declaredLength the script's {@code Content-Length}, or -1
   */
  FastCgiOutput(
      FastCgiExchange exchange,
      String script,
      byte[] readAhead,
      int readAheadLength,
      boolean ended,
      long declaredLength) {
    this.exchange = exchange;
    this.stdout = exchange.stdout();
    this.script = script;
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
   * more has arrived from php-fpm), so a page that streams reaches the client as it is produced.
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
      byte[] buffer = exchange.outputBuffer(); // the read-ahead was copied out of it
      try {
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
      } catch (ScriptTimeoutException e) {
        throw new IOException("script " + script + " ran out of time after " + sent + " bytes", e);
      }
    }
    if (declaredLength >= 0 && sent < declaredLength) {
      throw new IOException(
          "script "
              + script
              + " wrote "
              + sent
              + " of the "
              + declaredLength
              + " bytes it declared");
    }
    if (!ended && !exchange.endedWithoutWaiting()) {
      log.debug(
          "{} had not ended with its declared Content-Length; its request is aborted", script);
    }
  }

  @Override
  public void discard() throws IOException {
    if (!ended) {
      try {
        stdout.transferTo(OutputStream.nullOutputStream());
      } catch (ScriptTimeoutException e) {
        throw new IOException("script " + script + " ran out of time", e);
      }
      ended = true;
    }
  }

  /** Ends the exchange: the connection is kept if the request ended cleanly, else aborted. */
  @Override
  public void close() {
    exchange.close();
  }
}
