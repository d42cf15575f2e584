package dev.mtserver.transport.socket;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many connections each client address has open, and whether it may open one more ({@code
 * --max-connections-per-ip}, ADR 0039): so that one address cannot take every worker. Off (0) by
 * default, because behind a reverse proxy or a NAT every client shares one address.
 *
 * <p>The acceptor enters, the worker leaves; an entry disappears with the address's last
 * connection, so the map holds only addresses with connections open (at most {@code maxConnections}
 * of them). IPv6 addresses count one by one: a client with a whole prefix can open more, as it can
 * with nginx's {@code limit_conn $binary_remote_addr}.
 */
final class PerAddressLimit {

  private final int max;
  private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();

  /**
   * @param max the most connections one address may have open; 0 for no limit
   */
  PerAddressLimit(int max) {
    this.max = max;
  }

  /** Counts a new connection from {@code address}, unless it already has {@code max} open. */
  boolean tryEnter(InetAddress address) {
    if (max == 0 || address == null) {
      return true;
    }
    boolean[] entered = {false};
    open.compute(
        address,
        (a, count) -> {
          int n = count == null ? 0 : count;
          if (n >= max) {
            return count;
          }
          entered[0] = true;
          return n + 1;
        });
    return entered[0];
  }

  /** A connection from {@code address} that {@link #tryEnter} counted has ended. */
  void leave(InetAddress address) {
    if (max == 0 || address == null) {
      return;
    }
    open.computeIfPresent(address, (a, count) -> count <= 1 ? null : count - 1);
  }

  /** How many connections {@code address} has open now (for tests). */
  int openFrom(InetAddress address) {
    return open.getOrDefault(address, 0);
  }
}
