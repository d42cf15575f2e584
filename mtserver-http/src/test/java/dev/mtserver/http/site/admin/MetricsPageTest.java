package dev.mtserver.http.site.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.http.engine.CompletedExchange;
import dev.mtserver.http.memory.MemoryBudget;
import dev.mtserver.http.memory.MemoryLease;
import dev.mtserver.http.memory.RequestMemoryExhaustedException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The /metrics page: every counter, in a format Prometheus reads. */
class MetricsPageTest {

  private final ServerMetrics metrics = new ServerMetrics();
  private final ConnectionStats transport =
      new ConnectionStats(11, 2, 5, 3, 1, 1000, 2000, 4, 6, 7, 8, 9);
  private boolean draining;

  private final ConnectionStatsSource source =
      new ConnectionStatsSource() {
        @Override
        public ConnectionStats connectionStats() {
          return transport;
        }

        @Override
        public boolean draining() {
          return draining;
        }

        @Override
        public long quietAccepts() {
          return 12;
        }
      };

  private Map<String, Double> scrape() {
    return ExpositionFormat.parse(new MetricsPage(metrics, source, "1.2.3").render().toString());
  }

  private static CompletedExchange exchange(int status, long bytes) {
    return new CompletedExchange(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 1),
        "GET",
        "/",
        null,
        status,
        bytes,
        null,
        null,
        0,
        0);
  }

  @Test
  void an_idle_server_shows_every_series_at_zero() {
    ServerMetrics none = new ServerMetrics();
    Map<String, Double> samples =
        ExpositionFormat.parse(
            new MetricsPage(
                    none,
                    new ConnectionStatsSource() {
                      @Override
                      public ConnectionStats connectionStats() {
                        return ConnectionStats.NONE;
                      }

                      @Override
                      public boolean draining() {
                        return false;
                      }
                    },
                    "dev")
                .render()
                .toString());

    assertThat(samples)
        .containsEntry("mtserver_http_requests_total{code=\"2xx\"}", 0.0)
        .containsEntry("mtserver_uploads_stored_total", 0.0)
        .containsEntry("mtserver_timeouts_total{kind=\"write\"}", 0.0)
        .containsEntry("mtserver_build_info{version=\"dev\"}", 1.0)
        .containsEntry("mtserver_request_memory_bytes", 0.0)
        .containsEntry("mtserver_request_memory_refusals_total", 0.0);
  }

  @Test
  void the_request_memory_budget_is_shown_with_what_it_holds_and_what_it_refused()
      throws Exception {
    MemoryBudget budget = MemoryBudget.of(1000);
    try (MemoryLease lease = budget.lease()) {
      lease.reserve(300);
      try {
        lease.reserve(800);
      } catch (RequestMemoryExhaustedException expected) {
        // counted
      }
      Map<String, Double> samples =
          ExpositionFormat.parse(new MetricsPage(metrics, source, budget, "1").render().toString());

      assertThat(samples)
          .containsEntry("mtserver_request_memory_bytes", 300.0)
          .containsEntry("mtserver_request_memory_limit_bytes", 1000.0)
          .containsEntry("mtserver_request_memory_refusals_total", 1.0);
    }
  }

  @Test
  void requests_are_counted_by_status_class_with_499_among_the_4xx() {
    for (int status : new int[] {200, 201, 304, 404, 499, 503}) {
      metrics.completed(exchange(status, 10));
    }

    assertThat(scrape())
        .containsEntry("mtserver_http_requests_total{code=\"2xx\"}", 2.0)
        .containsEntry("mtserver_http_requests_total{code=\"3xx\"}", 1.0)
        .containsEntry("mtserver_http_requests_total{code=\"4xx\"}", 2.0)
        .containsEntry("mtserver_http_requests_total{code=\"5xx\"}", 1.0)
        .containsEntry("mtserver_http_response_body_bytes_total", 60.0);
  }

  @Test
  void the_transport_counters_are_shown_as_they_are() {
    assertThat(scrape())
        .containsEntry("mtserver_connections_accepted_total", 11.0)
        .containsEntry("mtserver_connections_active", 2.0)
        .containsEntry("mtserver_connections_peak", 5.0)
        .containsEntry("mtserver_connections_refused_total", 3.0)
        .containsEntry("mtserver_connections_aborted_total", 1.0)
        .containsEntry("mtserver_connections_idle_closed_total", 9.0)
        .containsEntry("mtserver_connections_accepted_quiet_total", 12.0)
        .containsEntry("mtserver_received_bytes_total", 1000.0)
        .containsEntry("mtserver_sent_bytes_total", 2000.0)
        .containsEntry("mtserver_timeouts_total{kind=\"header\"}", 4.0)
        .containsEntry("mtserver_timeouts_total{kind=\"body\"}", 6.0)
        .containsEntry("mtserver_timeouts_total{kind=\"idle\"}", 7.0)
        .containsEntry("mtserver_timeouts_total{kind=\"write\"}", 8.0);
  }

  @Test
  void uploads_and_submissions_are_counted() {
    metrics.fileStored(100);
    metrics.fileStored(23);
    metrics.uploadRefused();
    metrics.submissionRecorded();

    assertThat(scrape())
        .containsEntry("mtserver_uploads_stored_total", 2.0)
        .containsEntry("mtserver_upload_stored_bytes_total", 123.0)
        .containsEntry("mtserver_uploads_refused_total", 1.0)
        .containsEntry("mtserver_form_submissions_total", 1.0);
  }

  @Test
  void draining_is_a_gauge_of_zero_or_one() {
    assertThat(scrape()).containsEntry("mtserver_draining", 0.0);
    draining = true;
    assertThat(scrape()).containsEntry("mtserver_draining", 1.0);
  }

  @Test
  void the_version_label_is_escaped() {
    Map<String, Double> samples =
        ExpositionFormat.parse(new MetricsPage(metrics, source, "1.0\"x").render().toString());

    assertThat(samples).containsKey("mtserver_build_info{version=\"1.0\\\"x\"}");
  }

  @Test
  void counters_from_many_threads_add_up() throws InterruptedException {
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      threads[t] =
          new Thread(
              () -> {
                for (int i = 0; i < 10_000; i++) {
                  metrics.completed(exchange(200, 1));
                }
              });
      threads[t].start();
    }
    for (Thread thread : threads) {
      thread.join();
    }

    assertThat(scrape()).containsEntry("mtserver_http_requests_total{code=\"2xx\"}", 40_000.0);
  }
}
