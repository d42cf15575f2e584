package dev.mtserver.app;

import java.io.IOException;
import java.util.Objects;

/**
 * One store outside this host that {@code /healthz} asks whether it answers: the adapter's own
 * cheap request (a {@code HEAD} of the bucket, a validated database connection), handed out by
 * {@link Adapters} with the store's name.
 *
 * @param store names the store for an operator (never a secret)
 * @param request returns when the store answered, throws when it did not
 */
record StoreProbe(String store, Request request) {

  StoreProbe {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(request, "request");
  }

  /** The adapter's health request. */
  @FunctionalInterface
  interface Request {
    void send() throws IOException;
  }
}
