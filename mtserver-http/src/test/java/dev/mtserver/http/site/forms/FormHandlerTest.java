package dev.mtserver.http.site.forms;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.domain.content.StaticContentService;
import dev.mtserver.domain.form.FormField;
import dev.mtserver.domain.form.SubmissionService;
import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.posting.SubmitFormService;
import dev.mtserver.domain.store.StoreUnavailableException;
import dev.mtserver.domain.store.StoreUnavailableException.Reason;
import dev.mtserver.domain.testing.InMemorySite;
import dev.mtserver.domain.testing.InMemorySubmissionLog;
import dev.mtserver.domain.upload.StorageFullException;
import dev.mtserver.http.codec.HttpFields;
import dev.mtserver.http.codec.form.FormLimits;
import dev.mtserver.http.engine.HttpResponse;
import dev.mtserver.http.engine.ResponseBody;
import dev.mtserver.http.memory.MemoryBudget;
import dev.mtserver.http.site.content.StaticContentHandler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class FormHandlerTest {

  private static final String FORM = "application/x-www-form-urlencoded";

  private final InMemorySite site =
      new InMemorySite().file("/form.html", "<form></form>").file("/docs/index.html", "docs");
  private final StaticContentService content = new StaticContentService(site);
  private final InMemorySubmissionLog log = new InMemorySubmissionLog();
  private final FormHandler handler =
      new FormHandler(
          new SubmitFormService(content, new SubmissionService(log, Clock.systemUTC())),
          new StaticContentHandler(content),
          new FormLimits(100, 10));

  private HttpResponse post(String path, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(UTF_8);
    return handler.handle(
        Requests.post(
            path,
            new HttpFields().add("Content-Type", type),
            bytes.length,
            new ByteArrayInputStream(bytes)));
  }

  @Test
  void records_the_fields_and_serves_the_page() throws IOException {
    HttpResponse response = post("/form.html", FORM, "name=Zo%C3%AB&tag=a&tag=b");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.headers().first("Content-Type")).contains("text/html; charset=utf-8");
    assertThat(log.submissions())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.path()).isEqualTo(SitePath.parse("/form.html"));
              assertThat(s.remoteAddress()).isEqualTo("192.0.2.9");
              assertThat(s.fields())
                  .containsExactly(
                      new FormField("name", "Zoë"),
                      new FormField("tag", "a"),
                      new FormField("tag", "b"));
            });
  }

  @Test
  void a_directory_with_an_index_page_is_a_page() throws IOException {
    assertThat(post("/docs/", FORM, "a=1").status()).isEqualTo(200);
    assertThat(log.submissions()).hasSize(1);
  }

  @Test
  void a_path_that_is_not_a_page_is_404_and_nothing_is_recorded() throws IOException {
    HttpResponse response =
        handler.handle(
            Requests.post(
                "/missing.html",
                new HttpFields().add("Content-Type", FORM),
                3,
                Requests.untouchable()));

    assertThat(response.status()).isEqualTo(404);
    assertThat(post("/docs", FORM, "a=1").status()).isEqualTo(404); // a redirect is not a page
    assertThat(log.submissions()).isEmpty();
  }

  @Test
  void malformed_data_is_400_and_nothing_is_recorded() throws IOException {
    assertThat(post("/form.html", FORM, "a=%E2%82").status()).isEqualTo(400);
    assertThat(post("/form.html", FORM, "a=%G0").status()).isEqualTo(400);
    assertThat(log.submissions()).isEmpty();
  }

  @Test
  void a_charset_other_than_utf8_is_415() throws IOException {
    assertThat(post("/form.html", FORM + "; charset=iso-8859-1", "a=1").status()).isEqualTo(415);
    assertThat(post("/form.html", FORM + "; charset=UTF-8", "a=1").status()).isEqualTo(200);
  }

  @Test
  void too_much_data_is_413_before_reading_when_the_length_is_known() throws IOException {
    HttpResponse response =
        handler.handle(
            Requests.post(
                "/form.html",
                new HttpFields().add("Content-Type", FORM),
                101,
                Requests.untouchable()));

    assertThat(response.status()).isEqualTo(413);
    assertThat(log.submissions()).isEmpty();
  }

  @Test
  void too_much_data_is_413_while_streaming_when_it_is_not() throws IOException {
    byte[] body = ("a=" + "x".repeat(200)).getBytes(UTF_8);

    HttpResponse response =
        handler.handle(
            Requests.post(
                "/form.html",
                new HttpFields().add("Content-Type", FORM),
                -1,
                new ByteArrayInputStream(body)));

    assertThat(response.status()).isEqualTo(413);
    assertThat(log.submissions()).isEmpty();
  }

  @Test
  void a_full_disk_is_507_and_the_server_keeps_answering() throws IOException {
    log.failWith(new StorageFullException("full", null));

    assertThat(post("/form.html", FORM, "a=1").status()).isEqualTo(507);
  }

  @Test
  void
      a_form_the_request_memory_budget_cannot_take_in_is_503_with_retry_after_and_nothing_is_recorded()
          throws IOException {
    MemoryBudget budget = MemoryBudget.of(20_000);
    FormHandler small =
        new FormHandler(
            new SubmitFormService(content, new SubmissionService(log, Clock.systemUTC())),
            new StaticContentHandler(content),
            FormLimits.defaults(),
            budget);
    byte[] body = ("a=" + "x".repeat(5000)).getBytes(UTF_8);

    HttpResponse response =
        small.handle(
            Requests.post(
                "/form.html",
                new HttpFields().add("Content-Type", FORM),
                body.length,
                new ByteArrayInputStream(body)));

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.headers().first("Retry-After")).contains("1");
    assertThat(response.headers().first("Connection")).contains("close");
    assertThat(log.submissions()).isEmpty();
    assertThat(budget.inUse()).as("given back").isZero();

    byte[] fits = "a=1".getBytes(UTF_8);
    assertThat(
            small
                .handle(
                    Requests.post(
                        "/form.html",
                        new HttpFields().add("Content-Type", FORM),
                        fits.length,
                        new ByteArrayInputStream(fits)))
                .status())
        .isEqualTo(200);
    assertThat(budget.inUse()).isZero();
  }

  @Test
  void a_store_that_cannot_answer_is_503_with_retry_after_and_closes() throws IOException {
    log.failWith(
        new StoreUnavailableException(Reason.TIMED_OUT, "db.internal:5432 timed out", null));
    HttpResponse logDown = post("/form.html", FORM, "a=1");
    site.failLookups(new StoreUnavailableException(Reason.UNREACHABLE, "bucket refused", null));
    HttpResponse siteDown =
        handler.handle(
            Requests.post(
                "/form.html",
                new HttpFields().add("Content-Type", FORM),
                3,
                Requests.untouchable()));

    for (HttpResponse response : new HttpResponse[] {logDown, siteDown}) {
      assertThat(response.status()).isEqualTo(503);
      assertThat(response.headers().first("Retry-After")).contains("5");
      assertThat(response.headers().first("Connection")).contains("close");
      assertThat(new String(((ResponseBody.Bytes) response.body()).content(), UTF_8))
          .doesNotContain("db.internal");
    }
    assertThat(log.submissions()).isEmpty();
  }
}
