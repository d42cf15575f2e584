package dev.mtserver.http.site;

import dev.mtserver.domain.store.AccessRefusedException;
import dev.mtserver.domain.store.GoneException;
import dev.mtserver.domain.store.StoreUnavailableException;
import dev.mtserver.http.engine.ErrorResponses;
import dev.mtserver.http.engine.HttpResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * How every handler answers a store that failed, so that one failure gets one status wherever it
 * happens. Only the domain's exceptions are mapped ({@code dev.mtserver.domain.store}): adapters
 * translate their own, and a handler never learns which store stands behind a port.
 *
 * <ul>
 *   <li>Reading (a file, a page, a script's location): an entry {@linkplain GoneException gone}
 *       since it was looked up or {@linkplain AccessRefusedException refused} is {@code 404}, like
 *       every other refusal; a {@linkplain StoreUnavailableException store that cannot answer} is
 *       {@code 502 Bad Gateway} when it is unreachable and {@code 504 Gateway Timeout} when it did
 *       not answer in time — the server stands in front of it as a gateway does.
 *   <li>Writing (a form, an upload): a store that cannot answer is {@code 503} with {@code
 *       Retry-After}, closing: nothing was kept, and the same request may succeed shortly.
 * </ul>
 *
 * Anything else is the caller's {@code 500}. The exception's text is for the log, never the client.
 */
public final class StoreFailures {

  /**
   * What a client that met an unavailable store is told to wait before it tries its write again.
   */
  public static final int RETRY_AFTER_SECONDS = 5;

  private StoreFailures() {}

  /** The answer to a read that {@code e} ended, if it is one of the store failures above. */
  public static Optional<HttpResponse> ofRead(IOException e) {
    return switch (e) {
      case GoneException gone -> Optional.of(ErrorResponses.of(404));
      case AccessRefusedException refused -> Optional.of(ErrorResponses.of(404));
      case StoreUnavailableException unavailable -> Optional.of(unavailableForRead(unavailable));
      default -> Optional.empty();
    };
  }

  /** 502 when the store is unreachable, 504 when it did not answer in time. */
  public static HttpResponse unavailableForRead(StoreUnavailableException e) {
    return switch (e.reason()) {
      case UNREACHABLE -> ErrorResponses.of(502, "The store is unreachable");
      case TIMED_OUT -> ErrorResponses.of(504, "The store did not answer in time");
    };
  }

  /** 503 with {@code Retry-After}, closing: a write the store could not take now. */
  public static HttpResponse unavailableForWrite() {
    HttpResponse response = ErrorResponses.of(503, "The store is unavailable; try again shortly");
    response
        .headers()
        .set("Retry-After", Integer.toString(RETRY_AFTER_SECONDS))
        .set("Connection", "close");
    return response;
  }
}
