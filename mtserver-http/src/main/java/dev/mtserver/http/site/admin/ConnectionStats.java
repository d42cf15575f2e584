package dev.mtserver.http.site.admin;

/**
 * What the metrics page shows about connections and the wire, read from the transport at one
 * moment. Counters only grow; {@code active} and {@code peak} are gauges.
 *
 * @param accepted connections accepted since start
 * @param active connections being served now
 * @param peak the most connections served at once
 * @param refused connections answered 503 because every worker was busy
 * @param aborted connections cut off when the shutdown grace ran out
 * @param bytesReceived bytes read from clients
 * @param bytesSent bytes written to clients
 * @param headerTimeouts request heads not complete by their deadline
 * @param bodyTimeouts request bodies that stalled
 * @param idleTimeouts kept-alive connections that waited too long for a next request
 * @param writeTimeouts responses that made no progress (the client stopped reading)
 * @param idleClosedForRoom idle connections (kept-alive ones, and new ones silent past their first
 *     second) closed because a new one needed a worker
 */
public record ConnectionStats(
    long accepted,
    long active,
    long peak,
    long refused,
    long aborted,
    long bytesReceived,
    long bytesSent,
    long headerTimeouts,
    long bodyTimeouts,
    long idleTimeouts,
    long writeTimeouts,
    long idleClosedForRoom) {

  /** All zero: for a server without a transport to ask. */
  public static final ConnectionStats NONE =
      new ConnectionStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
