package dev.mtserver.domain.posting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.domain.content.StaticContentService;
import dev.mtserver.domain.form.FormField;
import dev.mtserver.domain.form.SubmissionService;
import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.testing.InMemorySite;
import dev.mtserver.domain.testing.InMemorySubmissionLog;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubmitFormServiceTest {

  private final InMemorySite site =
      new InMemorySite()
          .file("/form.html", "<form></form>")
          .file("/docs/index.html", "d")
          .file("/app.php", "<?php");
  private final InMemorySubmissionLog log = new InMemorySubmissionLog();
  private final SubmitFormService forms =
      new SubmitFormService(
          new StaticContentService(site), new SubmissionService(log, Clock.systemUTC()));

  @Test
  void a_form_may_be_posted_to_a_page_a_get_would_serve_and_nowhere_else() throws IOException {
    assertThat(forms.admit(SitePath.parse("/form.html"))).isEqualTo(FormAdmission.ACCEPTED);
    assertThat(forms.admit(SitePath.parse("/docs/"))).isEqualTo(FormAdmission.ACCEPTED);

    assertThat(forms.admit(SitePath.parse("/nothing.html"))).isEqualTo(FormAdmission.NOT_A_PAGE);
    assertThat(forms.admit(SitePath.parse("/docs")))
        .as("a redirect is no page")
        .isEqualTo(FormAdmission.NOT_A_PAGE);
    assertThat(forms.admit(SitePath.parse("/app.php")))
        .as("a script's source")
        .isEqualTo(FormAdmission.NOT_A_PAGE);
  }

  @Test
  void a_submitted_form_is_recorded_with_its_page_and_client() throws IOException {
    forms.submit(SitePath.parse("/form.html"), "192.0.2.7", List.of(new FormField("a", "1")));

    assertThat(log.submissions())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.path()).isEqualTo(SitePath.parse("/form.html"));
              assertThat(s.remoteAddress()).isEqualTo("192.0.2.7");
              assertThat(s.fields()).containsExactly(new FormField("a", "1"));
            });
  }
}
