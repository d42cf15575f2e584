package dev.mtserver.transport.socket;

import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.SocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How connections that end badly are logged: each event once, with the peer's address, and at most
 * {@link LogThrottle#DEFAULT_PER_WINDOW} per kind every few seconds, so a flood of bad clients
 * cannot flood the log. Ordinary ends (the client closed, an idle timeout) are not logged, nor is a
 * reset of a connection that held no request ({@link SocketConnection} reads it as the end of the
 * stream).
 */
final class ConnectionLog {

  private static final Logger log = LoggerFactory.getLogger(SocketServer.class);

  private final LogThrottle resets = new LogThrottle();
  private final LogThrottle failures = new LogThrottle();
  private final LogThrottle bugs = new LogThrottle();
  private final LogThrottle refusals = new LogThrottle();

  /** A connection ended with an I/O error: a reset, a timeout, or something else. */
  void failed(SocketChannel channel, IOException e, boolean draining) {
    if (draining && e instanceof AsynchronousCloseException) {
      log.debug("Connection from {} cut off at shutdown", peer(channel));
      return;
    }
    String what;
    LogThrottle throttle;
    if (isReset(e)) {
      what = "reset by the client";
      throttle = resets;
    } else if (e instanceof SocketTimeoutException) {
      what = "closed: " + e.getMessage();
      throttle = failures;
    } else {
      what = "failed: " + e;
      throttle = failures;
    }
    long held = throttle.admit();
    if (held >= 0) {
      log.info("Connection from {} {}{}", peer(channel), what, LogThrottle.suppressedNote(held));
    }
  }

  /** The handler threw something other than an I/O error: a bug, logged with its stack trace. */
  void handlerFailed(SocketChannel channel, Throwable e) {
    long held = bugs.admit();
    if (held >= 0) {
      log.error(
          "Worker for {} failed; connection closed{}",
          peer(channel),
          LogThrottle.suppressedNote(held),
          e);
    }
  }

  /** A connection was answered 503. */
  void refused(SocketChannel channel, String why) {
    long held = refusals.admit();
    if (held >= 0) {
      log.warn("Refused {} with 503: {}{}", peer(channel), why, LogThrottle.suppressedNote(held));
    }
  }

  /** Whether {@code e} says the client reset the connection (or it broke under a write). */
  static boolean isReset(IOException e) {
    String message = e.getMessage();
    return e instanceof SocketException
        && message != null
        && (message.contains("reset") || message.contains("Broken pipe"));
  }

  static String peer(SocketChannel channel) {
    try {
      return String.valueOf(channel.getRemoteAddress());
    } catch (IOException e) {
      return "(unknown peer)";
    }
  }
}
