package dev.mtserver.http.site.forms;

import dev.mtserver.domain.store.StoreUnavailableException;
import dev.mtserver.domain.upload.StorageFullException;
import dev.mtserver.http.engine.ErrorResponses;
import dev.mtserver.http.engine.HttpRequest;
import dev.mtserver.http.engine.HttpResponse;
import dev.mtserver.http.memory.RequestMemoryExhaustedException;
import dev.mtserver.http.site.StoreFailures;
import java.io.IOException;
import org.slf4j.Logger;

/** What the form and upload handlers share. */
final class PostRequests {

  private PostRequests() {}

  /** The client's address as text, without port: {@code 127.0.0.1}, {@code ::1}. */
  static String remoteAddress(HttpRequest request) {
    return request.remoteAddressText();
  }

  /**
   * An error answer after which the connection closes: part of the body may still be unread, and
   * nothing behind it can be trusted to start a request.
   */
  static HttpResponse closing(int status, String reason) {
    HttpResponse response = ErrorResponses.of(status, reason);
    response.headers().set("Connection", "close");
    return response;
  }

  /**
   * 503 with {@code Retry-After}, closing: the server's request-memory budget cannot take this
   * request in now; nothing of it was stored.
   */
  static HttpResponse busy() {
    HttpResponse response = closing(503, RequestMemoryExhaustedException.REASON);
    response
        .headers()
        .set("Retry-After", Integer.toString(RequestMemoryExhaustedException.RETRY_AFTER_SECONDS));
    return response;
  }

  /**
   * A store failure: 507 when it is full, 503 with {@code Retry-After} when it cannot answer now
   * ({@link StoreFailures#unavailableForWrite}), 500 otherwise (logged; the client sees no
   * details).
   */
  static HttpResponse storageFailure(IOException e, Logger log, String what, HttpRequest request) {
    if (e instanceof StoreUnavailableException) {
      log.warn(
          "The store is unavailable while storing {} for {} {}: {}",
          what,
          request.method(),
          request.path(),
          e.getMessage());
      return StoreFailures.unavailableForWrite();
    }
    if (e instanceof StorageFullException) {
      log.warn("Storage full while storing {} for {} {}", what, request.method(), request.path());
      return closing(507, "The server has no room to store this");
    }
    log.error("Could not store {} for {} {}", what, request.method(), request.path(), e);
    return closing(500, "Could not store the submission");
  }
}
