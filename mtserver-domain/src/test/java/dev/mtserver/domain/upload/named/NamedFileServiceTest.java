package dev.mtserver.domain.upload.named;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mtserver.domain.content.EntityTag;
import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.testing.InMemoryNamedFileStore;
import dev.mtserver.domain.upload.StorageFullException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class NamedFileServiceTest {

  private final InMemoryNamedFileStore store = new InMemoryNamedFileStore();
  private final NamedFileService guarded = new NamedFileService(store, true);
  private final NamedFileService open = new NamedFileService(store, false);

  @Test
  void a_new_name_is_stored_under_that_name_and_served_in_the_uploads_area() throws IOException {
    PutResult result = put(open, "/downloads/report.pdf", WriteCondition.NONE, "hello");

    assertThat(result.file().name()).isEqualTo("report.pdf");
    assertThat(result.file().size()).isEqualTo(5);
    assertThat(result.location()).contains(SitePath.parse("/downloads/report.pdf"));
    assertThat(result.replaced()).isFalse();
    assertThat(result.file().entityTag()).isEqualTo(store.entityTag("report.pdf").orElseThrow());
    assertThat(text("report.pdf")).isEqualTo("hello");
  }

  @Test
  void the_name_is_sanitised_as_a_multipart_upload_s_and_the_location_says_where_it_went()
      throws IOException {
    PutResult result = put(open, "/downloads/.env", WriteCondition.NONE, "x");

    assertThat(result.file().name()).isEqualTo("env");
    assertThat(result.location()).contains(SitePath.parse("/downloads/env"));
    assertThat(store.files()).containsOnlyKeys("env");
  }

  @Test
  void a_taken_name_is_a_conflict_and_keeps_its_file() throws IOException {
    store.put("a.txt", bytes("old"));

    assertThat(open.admitPut(command("/downloads/a.txt", WriteCondition.NONE)))
        .isEqualTo(new PutDecision.Conflict("a.txt"));
    assertThat(text("a.txt")).isEqualTo("old");
  }

  @Test
  void if_none_match_star_fails_on_a_taken_name_and_passes_on_a_free_one() throws IOException {
    store.put("a.txt", bytes("old"));
    WriteCondition onlyNew =
        new WriteCondition(Optional.empty(), Optional.of(TagCondition.anyTag()));

    assertThat(open.admitPut(command("/downloads/a.txt", onlyNew)))
        .isInstanceOf(PutDecision.PreconditionFailed.class);
    assertThat(open.admitPut(command("/downloads/b.txt", onlyNew)))
        .isEqualTo(new PutDecision.Accepted("b.txt", Optional.empty()));
  }

  @Test
  void if_match_with_the_current_tag_replaces_and_the_old_tag_then_fails() throws IOException {
    EntityTag old = store.put("a.txt", bytes("old"));

    PutResult result = put(guarded, "/downloads/a.txt", ifMatch(old), "new");

    assertThat(result.replaced()).isTrue();
    assertThat(result.file().entityTag()).isNotEqualTo(old);
    assertThat(text("a.txt")).isEqualTo("new");
    assertThat(guarded.admitPut(command("/downloads/a.txt", ifMatch(old))))
        .isInstanceOf(PutDecision.PreconditionFailed.class);
  }

  @Test
  void if_match_on_a_name_that_is_free_fails() throws IOException {
    assertThat(guarded.admitPut(command("/downloads/a.txt", ifMatch(new EntityTag("\"v9\"")))))
        .isInstanceOf(PutDecision.PreconditionFailed.class);
    assertThat(
            guarded.admitPut(
                command(
                    "/downloads/a.txt",
                    new WriteCondition(Optional.of(TagCondition.anyTag()), Optional.empty()))))
        .isInstanceOf(PutDecision.PreconditionFailed.class);
  }

  @Test
  void a_file_changed_while_its_replacement_streamed_is_kept_and_the_replacement_dropped()
      throws IOException {
    EntityTag old = store.put("a.txt", bytes("old"));
    var accepted =
        (PutDecision.Accepted) guarded.admitPut(command("/downloads/a.txt", ifMatch(old)));
    store.put("a.txt", bytes("someone else's"));

    assertThatThrownBy(() -> guarded.put(accepted, in("mine")))
        .isInstanceOf(FileChangedException.class);
    assertThat(text("a.txt")).isEqualTo("someone else's");
    assertThat(store.pendingCount()).isZero();
  }

  @Test
  void a_name_taken_while_the_body_streamed_is_a_conflict_and_nothing_is_overwritten()
      throws IOException {
    var accepted = (PutDecision.Accepted) open.admitPut(command("/downloads/a.txt"));
    store.put("a.txt", bytes("first"));

    assertThatThrownBy(() -> open.put(accepted, in("second")))
        .isInstanceOf(NameTakenException.class);
    assertThat(text("a.txt")).isEqualTo("first");
    assertThat(store.pendingCount()).isZero();
  }

  @Test
  void without_users_replacing_and_deleting_are_not_offered() throws IOException {
    EntityTag old = store.put("a.txt", bytes("old"));

    assertThat(open.admitPut(command("/downloads/a.txt", ifMatch(old))))
        .isInstanceOf(PutDecision.NotAllowed.class);
    assertThat(open.delete(SitePath.parse("/downloads/a.txt"), WriteCondition.NONE))
        .isInstanceOf(DeleteOutcome.NotAllowed.class);
    assertThat(open.operationsAt(SitePath.parse("/downloads/a.txt")))
        .containsExactly(NamedFileOperation.CREATE);
    assertThat(guarded.operationsAt(SitePath.parse("/downloads/a.txt")))
        .containsExactlyInAnyOrder(NamedFileOperation.values());
    assertThat(text("a.txt")).isEqualTo("old");
  }

  @Test
  void only_a_file_name_directly_in_the_uploads_area_is_writable() throws IOException {
    for (String path : List.of("/index.html", "/downloads/", "/downloads/sub/a.txt", "/a.txt")) {
      assertThat(guarded.admitPut(command(path)))
          .as(path)
          .isInstanceOf(PutDecision.NotWritable.class);
      assertThat(guarded.delete(SitePath.parse(path), WriteCondition.NONE))
          .as(path)
          .isInstanceOf(DeleteOutcome.NotWritable.class);
      assertThat(guarded.operationsAt(SitePath.parse(path))).as(path).isEmpty();
    }
  }

  @Test
  void delete_removes_a_file_and_answers_not_found_for_one_that_is_not_there() throws IOException {
    store.put("a.txt", bytes("old"));

    assertThat(guarded.delete(SitePath.parse("/downloads/a.txt"), WriteCondition.NONE))
        .isInstanceOf(DeleteOutcome.Deleted.class);
    assertThat(store.files()).isEmpty();
    assertThat(guarded.delete(SitePath.parse("/downloads/a.txt"), WriteCondition.NONE))
        .isInstanceOf(DeleteOutcome.NotFound.class);
  }

  @Test
  void delete_with_another_tag_fails_and_keeps_the_file() throws IOException {
    EntityTag current = store.put("a.txt", bytes("old"));

    assertThat(
            guarded.delete(SitePath.parse("/downloads/a.txt"), ifMatch(new EntityTag("\"other\""))))
        .isInstanceOf(DeleteOutcome.PreconditionFailed.class);
    assertThat(store.files()).containsOnlyKeys("a.txt");
    assertThat(guarded.delete(SitePath.parse("/downloads/a.txt"), ifMatch(current)))
        .isInstanceOf(DeleteOutcome.Deleted.class);
  }

  @Test
  void delete_never_sanitises_a_name_into_another_file() throws IOException {
    store.put("env", bytes("kept"));

    assertThat(guarded.delete(SitePath.parse("/downloads/.env"), WriteCondition.NONE))
        .isInstanceOf(DeleteOutcome.NotFound.class);
    assertThat(store.files()).containsOnlyKeys("env");
  }

  @Test
  void a_declared_length_over_the_room_left_is_refused_before_the_body() throws IOException {
    var small = new NamedFileService(new InMemoryNamedFileStore(10), false);

    assertThat(
            small.admitPut(
                new PutCommand(
                    SitePath.parse("/downloads/a.txt"), OptionalLong.of(11), WriteCondition.NONE)))
        .isEqualTo(new PutDecision.InsufficientStorage(11, 10));
  }

  @Test
  void a_store_that_fills_up_while_the_body_streams_keeps_nothing() throws IOException {
    var full = new InMemoryNamedFileStore(4);
    var service = new NamedFileService(full, false);
    var accepted = (PutDecision.Accepted) service.admitPut(command("/downloads/a.txt"));

    assertThatThrownBy(() -> service.put(accepted, in("too long")))
        .isInstanceOf(StorageFullException.class);
    assertThat(full.files()).isEmpty();
    assertThat(full.pendingCount()).isZero();
  }

  @Test
  void a_body_that_fails_midway_keeps_nothing() throws IOException {
    var accepted = (PutDecision.Accepted) open.admitPut(command("/downloads/a.txt"));
    InputStream broken =
        new InputStream() {
          private int sent;

          @Override
          public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0];
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            if (sent++ == 0) {
              b[off] = 'x';
              return 1;
            }
            throw new IOException("client went away");
          }
        };

    assertThatThrownBy(() -> open.put(accepted, broken)).hasMessage("client went away");
    assertThat(store.files()).isEmpty();
    assertThat(store.pendingCount()).isZero();
  }

  private PutResult put(
      NamedFileService service, String path, WriteCondition condition, String body)
      throws IOException {
    PutDecision decision = service.admitPut(command(path, condition));
    assertThat(decision).isInstanceOf(PutDecision.Accepted.class);
    return service.put((PutDecision.Accepted) decision, in(body));
  }

  private static PutCommand command(String path) {
    return command(path, WriteCondition.NONE);
  }

  private static PutCommand command(String path, WriteCondition condition) {
    return new PutCommand(SitePath.parse(path), OptionalLong.empty(), condition);
  }

  private static WriteCondition ifMatch(EntityTag tag) {
    return new WriteCondition(Optional.of(TagCondition.of(List.of(tag))), Optional.empty());
  }

  private String text(String name) {
    return new String(store.file(name).orElseThrow(), StandardCharsets.UTF_8);
  }

  private static InputStream in(String text) {
    return new ByteArrayInputStream(bytes(text));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
