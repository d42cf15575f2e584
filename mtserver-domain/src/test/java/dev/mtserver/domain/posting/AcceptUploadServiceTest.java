package dev.mtserver.domain.posting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mtserver.domain.content.StaticContentService;
import dev.mtserver.domain.form.FormField;
import dev.mtserver.domain.form.SubmissionService;
import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.testing.InMemorySite;
import dev.mtserver.domain.testing.InMemorySubmissionLog;
import dev.mtserver.domain.testing.InMemoryUploadStore;
import dev.mtserver.domain.upload.UploadArea;
import dev.mtserver.domain.upload.UploadService;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class AcceptUploadServiceTest {

  private final InMemorySite site = new InMemorySite().file("/upload.html", "<form></form>");
  private final InMemorySubmissionLog log = new InMemorySubmissionLog();
  private InMemoryUploadStore store = new InMemoryUploadStore();

  private AcceptUploadService service(UploadArea area) {
    return new AcceptUploadService(
        new StaticContentService(site),
        new UploadService(store),
        new SubmissionService(log, Clock.systemUTC()),
        area);
  }

  private AcceptUploadService service() {
    return service(UploadArea.at(SitePath.parse("/downloads/")));
  }

  private static UploadCommand command(String path, long declaredLength) {
    return new UploadCommand(
        SitePath.parse(path),
        declaredLength < 0 ? OptionalLong.empty() : OptionalLong.of(declaredLength),
        "192.0.2.7");
  }

  private static ByteArrayInputStream bytes(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void an_upload_may_be_posted_to_the_endpoint_or_to_a_page_and_nowhere_else() throws IOException {
    assertThat(service().admit(command("/upload", 10)))
        .isInstanceOfSatisfying(
            UploadDecision.Accepted.class, accepted -> assertThat(accepted.endpoint()).isTrue());
    assertThat(service().admit(command("/upload.html", 10)))
        .isInstanceOfSatisfying(
            UploadDecision.Accepted.class, accepted -> assertThat(accepted.endpoint()).isFalse());

    assertThat(service().admit(command("/elsewhere", 10)))
        .isInstanceOf(UploadDecision.NotFound.class);
  }

  @Test
  void a_body_announced_larger_than_the_room_left_is_refused_before_it_is_read()
      throws IOException {
    store = new InMemoryUploadStore(500);

    assertThat(service().admit(command("/upload", 600)))
        .isEqualTo(new UploadDecision.InsufficientStorage(600, 500));
    assertThat(service().admit(command("/upload", 500)))
        .isInstanceOf(UploadDecision.Accepted.class);
    assertThat(service().admit(command("/upload", -1)))
        .as("a chunked body is measured as it is stored")
        .isInstanceOf(UploadDecision.Accepted.class);
  }

  @Test
  void
      stored_files_are_published_together_with_their_place_in_the_site_and_the_fields_recorded_with_their_names()
          throws IOException {
    AcceptUploadService service = service();
    UploadResult result;
    try (UploadReception reception =
        service.receive((UploadDecision.Accepted) service.admit(command("/upload", -1)))) {
      reception.addFile("../a.txt", bytes("alpha"));
      reception.addField(new FormField("note", "hi"));
      assertThat(store.files()).as("hidden until the form ends").isEmpty();
      result = reception.finish();
    }

    assertThat(result)
        .isEqualTo(
            new UploadResult.Stored(
                java.util.List.of(
                    new UploadedFile(
                        "a.txt", 5, Optional.of(SitePath.parse("/downloads/a.txt"))))));
    assertThat(log.submissions())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.fields()).containsExactly(new FormField("note", "hi"));
              assertThat(s.storedFiles()).containsExactly("a.txt");
              assertThat(s.remoteAddress()).isEqualTo("192.0.2.7");
            });
  }

  @Test
  void files_of_an_upload_store_outside_the_site_have_no_location() throws IOException {
    AcceptUploadService service = service(UploadArea.outsideSite());
    try (UploadReception reception =
        service.receive((UploadDecision.Accepted) service.admit(command("/upload", -1)))) {
      reception.addFile("a.txt", bytes("x"));
      assertThat(reception.finish())
          .isEqualTo(
              new UploadResult.Stored(
                  java.util.List.of(new UploadedFile("a.txt", 1, Optional.empty()))));
    }
    assertThat(log.submissions()).as("no fields, nothing recorded").isEmpty();
  }

  @Test
  void a_form_without_files_is_a_plain_form_on_a_page_and_a_mistake_on_the_endpoint()
      throws IOException {
    AcceptUploadService service = service();
    try (UploadReception onPage =
        service.receive((UploadDecision.Accepted) service.admit(command("/upload.html", -1)))) {
      onPage.addField(new FormField("a", "1"));
      assertThat(onPage.finish()).isInstanceOf(UploadResult.RecordedAsForm.class);
    }
    try (UploadReception onEndpoint =
        service.receive((UploadDecision.Accepted) service.admit(command("/upload", -1)))) {
      onEndpoint.addField(new FormField("b", "2"));
      assertThat(onEndpoint.finish()).isInstanceOf(UploadResult.NoFile.class);
    }

    assertThat(log.submissions())
        .singleElement()
        .satisfies(s -> assertThat(s.fields()).containsExactly(new FormField("a", "1")));
  }

  @Test
  void a_reception_closed_before_it_finished_leaves_nothing() throws IOException {
    AcceptUploadService service = service();
    try (UploadReception reception =
        service.receive((UploadDecision.Accepted) service.admit(command("/upload", -1)))) {
      reception.addFile("a.txt", bytes("alpha"));
    }

    assertThat(store.files()).isEmpty();
    assertThat(store.pendingCount()).isZero();
    assertThat(log.submissions()).isEmpty();
  }

  @Test
  void a_declared_length_cannot_be_negative() {
    assertThatThrownBy(() -> new UploadCommand(SitePath.ROOT, OptionalLong.of(-1), "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
