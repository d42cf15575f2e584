package dev.mtserver.app;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the server opened and must close, closed last-opened-first: each part is opened after what
 * it reports to (the access log first, then the stores, then the script runner), so it is closed
 * before it — the access log hears the very last request, and no script runs against a closed
 * store. Used once to start (closed if the start fails) and once to stop.
 */
final class Resources {

  private static final Logger log = LoggerFactory.getLogger(Resources.class);

  private record Opened(String what, AutoCloseable resource) {}

  private final Deque<Opened> opened = new ArrayDeque<>();

  /** Registers {@code resource}, named {@code what} for the log, to be closed; returns it. */
  synchronized <T extends AutoCloseable> T add(String what, T resource) {
    opened.push(new Opened(what, resource));
    return resource;
  }

  /** Closes everything registered, newest first; a failure is logged and the rest still closed. */
  synchronized void close() {
    while (!opened.isEmpty()) {
      Opened next = opened.pop();
      try {
        next.resource().close();
      } catch (Exception e) {
        log.warn("Could not close {}: {}", next.what(), e.toString());
      }
    }
  }
}
