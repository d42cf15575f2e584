package dev.mtserver.domain.form;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.testing.InMemorySubmissionLog;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubmissionServiceTest {

  private final Instant now = Instant.parse("2026-03-01T12:00:00Z");
  private final InMemorySubmissionLog log = new InMemorySubmissionLog();
  private final SubmissionService service =
      new SubmissionService(log, Clock.fixed(now, ZoneOffset.UTC));

  @Test
  void records_the_fields_in_order_with_time_page_and_client() throws IOException {
    List<FormField> fields =
        List.of(new FormField("tag", "a"), new FormField("name", "Zoë"), new FormField("tag", "b"));

    FormSubmission recorded = service.record(SitePath.parse("/form.html"), "192.0.2.7", fields);

    assertThat(log.submissions()).containsExactly(recorded);
    assertThat(recorded.time()).isEqualTo(now);
    assertThat(recorded.path()).isEqualTo(SitePath.parse("/form.html"));
    assertThat(recorded.remoteAddress()).isEqualTo("192.0.2.7");
    assertThat(recorded.fields()).containsExactlyElementsOf(fields);
    assertThat(recorded.storedFiles()).isEmpty();
  }

  @Test
  void a_failing_log_fails_the_submission() {
    log.failWith(new IOException("disk on fire"));

    assertThatThrownBy(() -> service.record(SitePath.ROOT, "::1", List.of()))
        .hasMessage("disk on fire");
    assertThat(log.submissions()).isEmpty();
  }
}
