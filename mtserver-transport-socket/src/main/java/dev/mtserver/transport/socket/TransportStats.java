package dev.mtserver.transport.socket;

/**
 * Counters of a {@link SocketServer}, read at one moment.
 *
 * @param acceptedConnections connections handed to a worker since start
 * @param activeConnections connections being served now (permits taken)
 * @param peakConnections the most connections served at once
 * @param requests requests whose head began to arrive (each enters the HEADER phase once)
 * @param refusedConnections connections answered {@code 503} because every worker was busy
 *     or a worker thread could not be created
 * @param abortedConnections connections cut off when the shutdown grace ran out
 */
public record TransportStats(
    long acceptedConnections,
    int activeConnections,
    int peakConnections,
    long requests,
    long refusedConnections,
    long abortedConnections) {}
