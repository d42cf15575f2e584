/**
 * The operator's endpoints: {@link dev.mtserver.http.site.admin.AdminEndpoints} answers {@code GET
 * /healthz} (200 while accepting, 503 while draining) and {@code GET /metrics} (the Prometheus text
 * format, version 0.0.4) in front of the site, and hands every other request on.
 *
 * <p>{@link dev.mtserver.http.site.admin.ServerMetrics} keeps the HTTP-level counters (requests by
 * status class, body bytes, uploads, form submissions) in {@link
 * java.util.concurrent.atomic.LongAdder}s; it listens to the connection loop as an {@link
 * dev.mtserver.http.engine.ExchangeListener}. What only the transport knows (connections, bytes on
 * the wire, timeouts) arrives through {@link dev.mtserver.http.site.admin.ConnectionStatsSource},
 * which the application adapts from whatever transport it runs: this package must never see a
 * transport. {@link dev.mtserver.http.site.admin.PrometheusText} writes the exposition format.
 *
 * <p>Nothing here blocks, locks or logs per request.
 */
package dev.mtserver.http.site.admin;
