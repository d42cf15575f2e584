package dev.mtserver.http.site.admin;

import dev.mtserver.http.engine.CompletedExchange;
import dev.mtserver.http.engine.ExchangeListener;
import java.util.concurrent.atomic.LongAdder;

/**
 * The HTTP-level counters of one server, kept without locks: every worker adds to {@link
 * LongAdder}s, and a scrape sums them. As an {@link ExchangeListener} it counts each finished
 * exchange by status class and adds its body bytes; the upload and form wiring reports uploads and
 * submissions through the other methods.
 */
public final class ServerMetrics implements ExchangeListener {

  /** Status classes 1xx to 5xx at indexes 1 to 5; anything else at 0 (never expected). */
  private final LongAdder[] byClass = new LongAdder[6];

  private final LongAdder bodyBytesSent = new LongAdder();
  private final LongAdder filesStored = new LongAdder();
  private final LongAdder bytesStored = new LongAdder();
  private final LongAdder uploadsRefused = new LongAdder();
  private final LongAdder submissions = new LongAdder();

  public ServerMetrics() {
    for (int i = 0; i < byClass.length; i++) {
      byClass[i] = new LongAdder();
    }
  }

  @Override
  public void completed(CompletedExchange exchange) {
    int statusClass = exchange.status() / 100;
    byClass[statusClass >= 1 && statusClass <= 5 ? statusClass : 0].increment();
    bodyBytesSent.add(exchange.bodyBytesSent());
  }

  /** A file of {@code bytes} bytes was stored from an upload. */
  public void fileStored(long bytes) {
    filesStored.increment();
    bytesStored.add(bytes);
  }

  /** An upload request was refused (too large, too many parts, no room, malformed...). */
  public void uploadRefused() {
    uploadsRefused.increment();
  }

  /** A form submission was recorded durably. */
  public void submissionRecorded() {
    submissions.increment();
  }

  /** Requests whose status was in {@code statusClass} (1 to 5) so far. */
  public long requests(int statusClass) {
    return byClass[statusClass].sum();
  }

  public long bodyBytesSent() {
    return bodyBytesSent.sum();
  }

  public long filesStored() {
    return filesStored.sum();
  }

  public long bytesStored() {
    return bytesStored.sum();
  }

  public long uploadsRefused() {
    return uploadsRefused.sum();
  }

  public long submissions() {
    return submissions.sum();
  }
}
