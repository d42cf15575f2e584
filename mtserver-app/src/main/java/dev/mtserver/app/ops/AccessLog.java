package dev.mtserver.app.ops;

import dev.mtserver.http.engine.CompletedExchange;
import dev.mtserver.http.engine.ExchangeListener;
import dev.mtserver.threads.ThreadSource;
import java.io.IOException;

/**
 * The access log: an {@link ExchangeListener} told about every finished exchange, which writes one
 * NCSA combined line for it off the request path ({@code docs/adr/0018-access-log-pipeline.md}).
 * {@link #close()} waits for the lines still queued and flushes them: the shutdown path calls it
 * after the transport has finished the last request. When the log is off it is {@link #OFF}, which
 * does nothing: never {@code null}.
 */
public interface AccessLog extends ExchangeListener, AutoCloseable {

  /** No access log ({@code --access-log off}): hears every exchange and writes nothing. */
  AccessLog OFF =
      new AccessLog() {
        @Override
        public void completed(CompletedExchange exchange) {}

        @Override
        public ExchangeListener listener() {
          return ExchangeListener.NONE; // so the engine's listeners do without it altogether
        }

        @Override
        public void close() {}
      };

  /**
   * The access log {@code target} asks for: {@link #OFF}, or one started on its file or stream,
   * whose writer thread comes from {@code threads}.
   *
   * @throws UnavailableException if the log file cannot be opened for appending
   */
  static AccessLog open(AccessLogTarget target, ThreadSource threads) throws UnavailableException {
    return target instanceof AccessLogTarget.Off ? OFF : QueuedAccessLog.open(target, threads);
  }

  /**
   * What the engine should tell about each exchange: this log, or {@link ExchangeListener#NONE}
   * when off.
   */
  default ExchangeListener listener() {
    return this;
  }

  /** Writes every queued line, flushes, and closes the file. Lines reported later are dropped. */
  @Override
  void close();

  /** The access log file cannot be opened: the server does not start. */
  final class UnavailableException extends IOException {
    private static final long serialVersionUID = 1L;

    UnavailableException(String message, IOException cause) {
      super(message, cause);
    }
  }
}
