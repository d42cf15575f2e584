package dev.mtserver.http.site.admin;

import java.util.Map;

/**
 * Where the metrics page reads the transport's counters and whether the server is draining. The
 * application implements it over its transport, so the HTTP module never depends on one.
 */
public interface ConnectionStatsSource {

  /** The transport's counters now. Called once per scrape; may allocate. */
  ConnectionStats connectionStats();

  /**
   * True once a graceful shutdown has begun (or is about to: during the drain delay): health checks
   * then fail so a load balancer stops sending new requests.
   */
  boolean draining();

  /**
   * TLS handshakes completed on the listener; 0 on a plain one. A default, so a source that has no
   * transport (a test's) need not say.
   */
  default long tlsHandshakes() {
    return 0;
  }

  /**
   * TLS handshakes that failed, by reason ({@code plain_http}, {@code timeout}, …); empty on a
   * plain listener.
   */
  default Map<String, Long> tlsHandshakeFailures() {
    return Map.of();
  }

  /**
   * Connections refused because their address already had its share ({@code
   * --max-connections-per-ip}).
   */
  default long perAddressRefusals() {
    return 0;
  }

  /**
   * Connections accepted by a leader that waited for them in the kernel while the server was quiet
   * (virtual threads); 0 where the transport never waits that way.
   */
  default long quietAccepts() {
    return 0;
  }
}
