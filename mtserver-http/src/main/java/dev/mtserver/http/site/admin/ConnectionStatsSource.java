package dev.mtserver.http.site.admin;

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
}
