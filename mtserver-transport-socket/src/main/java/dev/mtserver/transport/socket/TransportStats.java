package dev.mtserver.transport.socket;

/**
 * Counters of a {@link SocketServer}, read at one moment.
 *
 * @param acceptedConnections connections handed to a worker since start
 * @param activeConnections connections being served now (permits taken)
 * @param peakConnections the most connections served at once
 * @param requests requests whose head began to arrive (each enters the HEADER phase once)
 * @param refusedConnections connections answered {@code 503} because every worker was busy or a
 *     worker thread could not be created
 * @param abortedConnections connections cut off when the shutdown grace ran out
 * @param bytesReceived bytes read from clients, heads and bodies
 * @param bytesSent bytes written to clients, heads and bodies (including what a write that then
 *     failed got out, as far as the kernel reported it)
 * @param headerTimeouts request heads not complete by their deadline (answered 408)
 * @param bodyTimeouts request bodies that paused longer than the body timeout
 * @param idleTimeouts kept-alive connections closed after waiting the idle timeout for a next
 *     request: the normal end of keep-alive, not an error
 * @param writeTimeouts responses that made no progress for the write timeout (a client that stopped
 *     reading)
 * @param idleClosedForRoom connections closed while waiting for a request (kept-alive ones, and new
 *     ones silent past their first second) because every worker was taken and a new connection
 *     needed one
 */
public record TransportStats(
    long acceptedConnections,
    int activeConnections,
    int peakConnections,
    long requests,
    long refusedConnections,
    long abortedConnections,
    long bytesReceived,
    long bytesSent,
    long headerTimeouts,
    long bodyTimeouts,
    long idleTimeouts,
    long writeTimeouts,
    long idleClosedForRoom) {

  /** Connection counters alone, with no traffic counted. */
  public TransportStats(
      long acceptedConnections,
      int activeConnections,
      int peakConnections,
      long requests,
      long refusedConnections,
      long abortedConnections) {
    this(
        acceptedConnections,
        activeConnections,
        peakConnections,
        requests,
        refusedConnections,
        abortedConnections,
        0,
        0,
        0,
        0,
        0,
        0,
        0);
  }
}
