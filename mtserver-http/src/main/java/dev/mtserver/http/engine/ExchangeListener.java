package dev.mtserver.http.engine;

import java.util.List;

/**
 * Told about every exchange the connection loop finishes: requests answered normally, requests
 * refused with a protocol error (400, 408, 413, 414, 431, 505...), and requests the client walked
 * away from. Not told about connections that closed between requests. The access log and the
 * metrics listen here.
 *
 * <p>Called on the connection's worker thread, right after the response, once per exchange. An
 * implementation must be thread-safe, quick and non-blocking: anything slow (formatting dates,
 * writing to disk) belongs on another thread. What it throws is logged and otherwise ignored.
 */
@FunctionalInterface
public interface ExchangeListener {

  /** A listener that ignores everything. */
  ExchangeListener NONE = exchange -> {};

  void completed(CompletedExchange exchange);

  /**
   * A listener that tells each of {@code listeners}, in order; one that throws does not keep the
   * others from hearing (the first failure is rethrown once all have been told).
   */
  @SuppressWarnings("ReferenceEquality") // NONE is a sentinel: identity is the question asked
  static ExchangeListener all(List<ExchangeListener> listeners) {
    List<ExchangeListener> copy = listeners.stream().filter(l -> l != NONE).toList();
    return switch (copy.size()) {
      case 0 -> NONE;
      case 1 -> copy.get(0);
      default ->
          exchange -> {
            RuntimeException failure = null;
            for (ExchangeListener listener : copy) {
              try {
                listener.completed(exchange);
              } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
              }
            }
            if (failure != null) {
              throw failure;
            }
          };
    };
  }
}
