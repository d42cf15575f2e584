package dev.mtserver.http.site.admin;

import static dev.mtserver.http.site.admin.PrometheusText.Type.COUNTER;
import static dev.mtserver.http.site.admin.PrometheusText.Type.GAUGE;

import dev.mtserver.http.memory.MemoryBudget;
import java.util.List;
import java.util.Objects;

/**
 * The {@code /metrics} page: the server's counters in the Prometheus text format. Every family is
 * written on every scrape, zero or not, so a dashboard never sees a series appear from nowhere.
 */
public final class MetricsPage {

  private static final String PREFIX = "mtserver_";

  /**
   * The transport's handshake failure reasons, every one written on every scrape (zero without
   * TLS).
   */
  private static final List<String> TLS_FAILURE_REASONS =
      List.of(
          "plain_http",
          "timeout",
          "no_common_parameters",
          "certificate_rejected",
          "client_closed",
          "other");

  private final ServerMetrics metrics;
  private final ConnectionStatsSource transport;
  private final MemoryBudget memory;
  private final String version;

  /** Without a request-memory budget (its families read 0): for tests. */
  public MetricsPage(ServerMetrics metrics, ConnectionStatsSource transport, String version) {
    this(metrics, transport, null, version);
  }

  /**
   * @param memory the server's budget for request data in memory, or null for none
   * @param version the server's version, shown as the label of {@code mtserver_build_info}
   */
  public MetricsPage(
      ServerMetrics metrics, ConnectionStatsSource transport, MemoryBudget memory, String version) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.transport = Objects.requireNonNull(transport, "transport");
    this.memory = memory;
    this.version = Objects.requireNonNull(version, "version");
  }

  /** The page as it is now. */
  public PrometheusText render() {
    ConnectionStats c = transport.connectionStats();
    PrometheusText page = new PrometheusText();
    page.family(
            PREFIX + "build_info", GAUGE, "Always 1; the label says which MTServer version runs.")
        .sample("version", version, 1);
    page.single(
        PREFIX + "draining",
        GAUGE,
        "1 once a graceful shutdown has begun (health checks fail), else 0.",
        transport.draining() ? 1 : 0);

    page.family(
        PREFIX + "http_requests_total",
        COUNTER,
        "Requests finished, by status class; 499 (the client left before any response) counts as"
            + " 4xx.");
    for (int statusClass = 2; statusClass <= 5; statusClass++) { // no final response is 1xx
      page.sample("code", statusClass + "xx", metrics.requests(statusClass));
    }
    page.single(
        PREFIX + "http_response_body_bytes_total",
        COUNTER,
        "Bytes of response bodies written (nginx's body_bytes_sent, summed).",
        metrics.bodyBytesSent());
    page.single(
        PREFIX + "received_bytes_total",
        COUNTER,
        "Bytes read from clients: request heads and bodies.",
        c.bytesReceived());
    page.single(
        PREFIX + "sent_bytes_total",
        COUNTER,
        "Bytes written to clients: response heads and bodies.",
        c.bytesSent());

    page.single(
        PREFIX + "connections_accepted_total",
        COUNTER,
        "Connections accepted and handed to a worker.",
        c.accepted());
    page.single(
        PREFIX + "connections_active",
        GAUGE,
        "Connections being served now (worker permits taken).",
        c.active());
    page.single(
        PREFIX + "connections_peak",
        GAUGE,
        "The most connections served at once since start.",
        c.peak());
    page.single(
        PREFIX + "connections_refused_total",
        COUNTER,
        "Connections answered 503 because every worker stayed busy (--max-connections).",
        c.refused());
    page.single(
        PREFIX + "connections_aborted_total",
        COUNTER,
        "Connections cut off when the shutdown grace ran out.",
        c.aborted());
    page.single(
        PREFIX + "connections_idle_closed_total",
        COUNTER,
        "Idle connections (kept alive, or new and silent past their first second) closed to make"
            + " room for new ones (--max-connections reached).",
        c.idleClosedForRoom());
    page.single(
        PREFIX + "connections_refused_per_ip_total",
        COUNTER,
        "Connections refused with 503 because their address had --max-connections-per-ip open.",
        transport.perAddressRefusals());
    page.single(
        PREFIX + "connections_accepted_quiet_total",
        COUNTER,
        "Connections accepted by a leader that waited for them in the kernel while the server was"
            + " quiet (virtual threads: woken by the connection itself, not the JDK's poller).",
        transport.quietAccepts());
    page.single(
        PREFIX + "tls_handshakes_total",
        COUNTER,
        "TLS handshakes completed (0 without TLS).",
        transport.tlsHandshakes());
    page.family(
        PREFIX + "tls_handshake_failures_total",
        COUNTER,
        "TLS handshakes that failed, by reason: plain_http (a clear-text request, answered 400),"
            + " timeout (not done by the head deadline), no_common_parameters,"
            + " certificate_rejected, client_closed, other.");
    for (String reason : TLS_FAILURE_REASONS) {
      page.sample("reason", reason, transport.tlsHandshakeFailures().getOrDefault(reason, 0L));
    }
    page.family(
            PREFIX + "timeouts_total",
            COUNTER,
            "Connections ended by a timeout, by kind: header (408), body, write (client stopped"
                + " reading), idle (keep-alive expiry, normal).")
        .sample("kind", "header", c.headerTimeouts())
        .sample("kind", "body", c.bodyTimeouts())
        .sample("kind", "idle", c.idleTimeouts())
        .sample("kind", "write", c.writeTimeouts());

    page.single(
        PREFIX + "request_memory_bytes",
        GAUGE,
        "Bytes of request data held in memory now (grown heads, form fields, upload buffers).",
        memory == null ? 0 : memory.inUse());
    page.single(
        PREFIX + "request_memory_limit_bytes",
        GAUGE,
        "The most request data held in memory at once (--request-memory).",
        memory == null ? 0 : memory.capacity());
    page.single(
        PREFIX + "request_memory_refusals_total",
        COUNTER,
        "Requests answered 503 because the request-memory budget was spent.",
        memory == null ? 0 : memory.refusals());

    page.single(
        PREFIX + "uploads_stored_total",
        COUNTER,
        "Files stored from uploads.",
        metrics.filesStored());
    page.single(
        PREFIX + "upload_stored_bytes_total",
        COUNTER,
        "Bytes of the files stored from uploads.",
        metrics.bytesStored());
    page.single(
        PREFIX + "uploads_refused_total",
        COUNTER,
        "Upload requests refused: too large, too many parts, no room, malformed, not a page.",
        metrics.uploadsRefused());
    page.single(
        PREFIX + "form_submissions_total",
        COUNTER,
        "Form submissions recorded durably in the submission log.",
        metrics.submissions());
    return page;
  }
}
