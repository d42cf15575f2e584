package dev.mtserver.http.site.admin;

import java.util.List;
import java.util.Objects;

/**
 * What {@code GET /healthz} asks of the stores the server depends on when they live outside this
 * host (a bucket, a database): whether each answers now. The application implements it over the
 * adapters it chose; it must answer within a short bound of its own (a store that does not answer
 * in time is reported unreachable), since a load balancer's health check waits on it.
 */
@FunctionalInterface
public interface StoreHealth {

  /** No store outside this host: {@code /healthz} is the cheap answer alone. */
  StoreHealth NONE = List::of;

  /** One answer per store, in a fixed order; empty when there is nothing to ask. */
  List<Status> check();

  /**
   * One store's answer.
   *
   * @param store names the store for an operator, such as {@code object store s3://site/www/};
   *     never a secret
   * @param reachable whether it answered in time
   * @param detail {@code reachable}, or why not, on one line
   */
  record Status(String store, boolean reachable, String detail) {
    public Status {
      Objects.requireNonNull(store, "store");
      Objects.requireNonNull(detail, "detail");
    }
  }
}
