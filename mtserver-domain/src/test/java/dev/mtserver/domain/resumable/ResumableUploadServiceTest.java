package dev.mtserver.domain.resumable;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mtserver.domain.form.FormField;
import dev.mtserver.domain.form.FormSubmission;
import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.resumable.ResumableUploadStorePort.Hold;
import dev.mtserver.domain.testing.InMemoryResumableUploadStore;
import dev.mtserver.domain.testing.InMemoryUploadStore;
import dev.mtserver.domain.upload.StorageFullException;
import dev.mtserver.domain.upload.UploadArea;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ResumableUploadServiceTest {

  private static final long MAX_SIZE = 1_000;
  private static final Duration DAY = Duration.ofHours(24);

  private Instant now = Instant.parse("2026-12-01T10:00:00Z");
  private final InstantSource clock = () -> now;
  private final InMemoryUploadStore uploads = new InMemoryUploadStore();
  private final InMemoryResumableUploadStore store = new InMemoryResumableUploadStore(uploads);
  private ResumableUploadService service =
      service(new ResumableUploadLimits(MAX_SIZE, 3, 2_000, DAY));

  private ResumableUploadService service(ResumableUploadLimits limits) {
    return new ResumableUploadService(
        store,
        limits,
        UploadArea.at(SitePath.parse("/downloads/")),
        clock,
        new SplittableRandom(7),
        8);
  }

  // ---- creation -------------------------------------------------------------------------

  @Test
  void creates_an_empty_upload_with_an_unguessable_id_that_expires_a_day_later()
      throws IOException {
    UploadStatus first = created(10, "report.pdf");
    UploadStatus second = created(10, "report.pdf");

    assertThat(first.upload().id()).isNotEqualTo(second.upload().id());
    assertThat(first.upload().id().value()).matches("[0-9a-f]{32}");
    assertThat(first.upload().offset()).isZero();
    assertThat(first.upload().length()).hasValue(10);
    assertThat(first.upload().expires()).isEqualTo(now.plus(DAY));
    assertThat(first.location()).isEmpty();
    assertThat(uploads.files()).as("nothing is visible before the last byte").isEmpty();
  }

  @Test
  void an_upload_larger_than_the_largest_allowed_is_refused_at_creation() throws IOException {
    assertThat(service.create(OptionalLong.of(MAX_SIZE + 1), UploadMetadata.none()))
        .isEqualTo(new CreateOutcome.TooLarge(MAX_SIZE));
    assertThat(store.list()).isEmpty();
  }

  @Test
  void at_most_the_bound_of_unfinished_uploads_exist_at_once() throws IOException {
    UploadStatus a = created(1, "a.txt");
    created(1, "b.txt");
    created(1, "c.txt");

    assertThat(service.create(OptionalLong.of(1), UploadMetadata.none()))
        .isEqualTo(new CreateOutcome.TooManyUploads(3));

    append(a, "x"); // a finishes: a place is free
    assertThat(service.create(OptionalLong.of(1), UploadMetadata.none()))
        .isInstanceOf(CreateOutcome.Created.class);
  }

  @Test
  void expired_uploads_do_not_count_against_the_bound() throws IOException {
    created(1, "a.txt");
    created(1, "b.txt");
    created(1, "c.txt");
    now = now.plus(DAY);

    assertThat(service.create(OptionalLong.of(1), UploadMetadata.none()))
        .isInstanceOf(CreateOutcome.Created.class);
  }

  @Test
  void the_announced_lengths_of_unfinished_uploads_stay_within_the_bound_on_their_bytes()
      throws IOException {
    created(900, "a.bin");
    created(900, "b.bin");

    assertThat(service.create(OptionalLong.of(201), UploadMetadata.none()))
        .isEqualTo(new CreateOutcome.InsufficientStorage(200));
    assertThat(service.create(OptionalLong.of(200), UploadMetadata.none()))
        .isInstanceOf(CreateOutcome.Created.class);
  }

  @Test
  void an_upload_larger_than_the_free_space_is_refused() throws IOException {
    store.withUsableSpace(50);

    assertThat(service.create(OptionalLong.of(51), UploadMetadata.none()))
        .isEqualTo(new CreateOutcome.InsufficientStorage(50));
  }

  @Test
  void an_empty_upload_is_published_at_creation() throws IOException {
    UploadStatus empty = created(0, "empty.txt");

    assertThat(empty.upload().isPublished()).isTrue();
    assertThat(empty.location()).hasValue(SitePath.parse("/downloads/empty.txt"));
    assertThat(uploads.file("empty.txt")).hasValueSatisfying(b -> assertThat(b).isEmpty());
  }

  // ---- the note, recorded as the multipart form records its fields ----------------------

  @Test
  void a_note_in_the_metadata_is_recorded_with_the_stored_name_once_the_upload_is_published()
      throws IOException {
    List<FormSubmission> recorded = new ArrayList<>();
    service = notingService(recorded);
    CreateOutcome created =
        service.create(OptionalLong.of(5), metadata("filename", "a.txt", "note", "for the café"));
    UploadStatus upload = ((CreateOutcome.Created) created).status();

    UploadStatus half =
        appended(
            service.append(AppendRequest.chunk(id(upload), 0, 2, stream("ab")).from("10.0.0.7")));
    assertThat(recorded).as("nothing before the file is published").isEmpty();
    appended(service.append(AppendRequest.chunk(id(half), 2, 3, stream("cde")).from("10.0.0.8")));

    assertThat(recorded)
        .containsExactly(
            new FormSubmission(
                now,
                ResumableUploadService.NOTES_PATH,
                "10.0.0.8",
                List.of(new FormField("note", "for the café")),
                List.of("a.txt")));
    assertThat(service.append(AppendRequest.chunk(id(upload), 5, 0, stream(""))))
        .isInstanceOf(AppendOutcome.Appended.class);
    assertThat(recorded).as("recorded once, by the chunk that completed the upload").hasSize(1);
  }

  @Test
  void an_upload_without_a_note_records_nothing() throws IOException {
    List<FormSubmission> recorded = new ArrayList<>();
    service = notingService(recorded);
    UploadStatus upload = created(2, "b.txt");

    append(upload, "ab");

    assertThat(uploads.file("b.txt")).isPresent();
    assertThat(recorded).isEmpty();
  }

  private ResumableUploadService notingService(List<FormSubmission> recorded) {
    return new ResumableUploadService(
        store,
        new ResumableUploadLimits(MAX_SIZE, 3, 2_000, DAY),
        UploadArea.at(SitePath.parse("/downloads/")),
        clock,
        new SplittableRandom(7),
        8,
        Optional.of(
            (path, remoteAddress, fields, storedFiles) -> {
              FormSubmission submission =
                  new FormSubmission(now, path, remoteAddress, fields, storedFiles);
              recorded.add(submission);
              return submission;
            }));
  }

  private static UploadStatus appended(AppendOutcome outcome) {
    assertThat(outcome).isInstanceOf(AppendOutcome.Appended.class);
    return ((AppendOutcome.Appended) outcome).status();
  }

  // ---- appending ------------------------------------------------------------------------

  @Test
  void
      chunks_at_the_right_offset_are_kept_and_the_last_publishes_the_file_under_its_sanitised_name()
          throws IOException {
    UploadStatus upload = created(11, "../../etc/hello.txt");

    UploadStatus half = append(upload, "hello ");
    assertThat(half.upload().offset()).isEqualTo(6);
    assertThat(store.keptBytes(upload.upload().id())).asString(UTF_8).isEqualTo("hello ");
    assertThat(uploads.files()).isEmpty();

    UploadStatus whole = append(half, "world");
    assertThat(whole.upload().offset()).isEqualTo(11);
    assertThat(whole.location()).hasValue(SitePath.parse("/downloads/hello.txt"));
    assertThat(uploads.file("hello.txt"))
        .hasValueSatisfying(b -> assertThat(b).asString(UTF_8).isEqualTo("hello world"));

    assertThat(service.status(upload.upload().id()))
        .as("the upload reports where its file went")
        .isEqualTo(new StatusOutcome.Found(whole));
  }

  @Test
  void a_finished_upload_never_replaces_a_file_of_the_same_name() throws IOException {
    uploads.existing("report.pdf", new byte[] {1});

    UploadStatus done = append(created(3, "report.pdf"), "new");

    assertThat(done.location()).hasValue(SitePath.parse("/downloads/").child("report (1).pdf"));
    assertThat(uploads.file("report.pdf"))
        .hasValueSatisfying(b -> assertThat(b).containsExactly(1));
    assertThat(uploads.file("report (1).pdf")).isPresent();
  }

  @Test
  void a_chunk_at_another_offset_is_refused_with_the_current_offset_and_not_read()
      throws IOException {
    UploadStatus upload = append(created(10, "a.txt"), "abc");
    CountingStream content = new CountingStream("xyz");

    AppendOutcome outcome = service.append(AppendRequest.chunk(id(upload), 0, 3, content));

    assertThat(outcome).isEqualTo(new AppendOutcome.OffsetMismatch(3));
    assertThat(content.read).isZero();
    assertThat(store.keptBytes(id(upload))).asString(UTF_8).isEqualTo("abc");
  }

  @Test
  void a_chunk_longer_than_what_remains_is_refused_before_it_is_read() throws IOException {
    UploadStatus upload = created(5, "a.txt");
    CountingStream content = new CountingStream("123456");

    assertThat(service.append(AppendRequest.chunk(id(upload), 0, 6, content)))
        .isEqualTo(new AppendOutcome.TooLarge(5));
    assertThat(content.read).isZero();
  }

  @Test
  void a_chunk_of_unknown_length_that_turns_out_too_long_leaves_nothing() throws IOException {
    UploadStatus upload = created(5, "a.txt");

    AppendOutcome outcome =
        service.append(
            new AppendRequest(
                id(upload),
                0,
                OptionalLong.empty(),
                Optional.empty(),
                OptionalLong.empty(),
                stream("123456"),
                AppendRequest.UNKNOWN_CLIENT));

    assertThat(outcome).isEqualTo(new AppendOutcome.TooLarge(5));
    assertThat(store.find(id(upload)).orElseThrow().offset()).isZero();
    assertThat(store.pendingBytes(id(upload))).isZero();
  }

  @Test
  void a_chunk_with_a_matching_checksum_is_kept() throws IOException {
    UploadStatus upload = created(11, "a.txt");

    AppendOutcome outcome =
        service.append(
            AppendRequest.chunk(id(upload), 0, 11, stream("hello world"))
                .withChecksum(UploadChecksum.parse("sha1 Kq5sNclPz7QV2+lfQIuc6R7oRu0=")));

    assertThat(outcome).isInstanceOf(AppendOutcome.Appended.class);
    assertThat(uploads.file("a.txt")).isPresent();
  }

  @Test
  void a_chunk_whose_checksum_does_not_match_leaves_the_upload_as_it_was() throws IOException {
    UploadStatus upload = append(created(20, "a.txt"), "first");

    AppendOutcome outcome =
        service.append(
            AppendRequest.chunk(id(upload), 5, 11, stream("hello world"))
                .withChecksum(checksum(ChecksumAlgorithm.SHA256, "hello worle")));

    assertThat(outcome).isEqualTo(new AppendOutcome.ChecksumMismatch());
    assertThat(store.find(id(upload)).orElseThrow().offset()).isEqualTo(5);
    assertThat(store.pendingBytes(id(upload))).isZero();
    assertThat(append(upload, "second").upload().offset())
        .as("the client goes on from 5")
        .isEqualTo(11);
  }

  @Test
  void every_advertised_algorithm_verifies_chunks() throws IOException {
    for (ChecksumAlgorithm algorithm : ChecksumAlgorithm.values()) {
      UploadStatus upload = created(4, "a.txt");
      assertThat(
              service.append(
                  AppendRequest.chunk(id(upload), 0, 4, stream("data"))
                      .withChecksum(checksum(algorithm, "datA"))))
          .isEqualTo(new AppendOutcome.ChecksumMismatch());
      assertThat(
              service.append(
                  AppendRequest.chunk(id(upload), 0, 4, stream("data"))
                      .withChecksum(checksum(algorithm, "data"))))
          .isInstanceOf(AppendOutcome.Appended.class);
    }
  }

  @Test
  void when_the_client_goes_away_the_bytes_that_arrived_are_kept_so_it_can_resume_after_them()
      throws IOException {
    UploadStatus upload = created(10, "a.txt");
    InputStream dropped = failingAfter("abcd", new IOException("connection reset"));

    assertThatThrownBy(() -> service.append(AppendRequest.chunk(id(upload), 0, 10, dropped)))
        .hasMessage("connection reset");

    assertThat(store.find(id(upload)).orElseThrow().offset()).isEqualTo(4);
    assertThat(store.keptBytes(id(upload))).asString(UTF_8).isEqualTo("abcd");
    assertThat(service.append(AppendRequest.chunk(id(upload), 4, 6, stream("efghij"))))
        .isInstanceOf(AppendOutcome.Appended.class);
    assertThat(uploads.file("a.txt"))
        .hasValueSatisfying(b -> assertThat(b).asString(UTF_8).isEqualTo("abcdefghij"));
  }

  @Test
  void when_the_client_goes_away_during_a_chunk_with_a_checksum_nothing_of_it_is_kept()
      throws IOException {
    UploadStatus upload = created(10, "a.txt");
    InputStream dropped = failingAfter("abcd", new IOException("connection reset"));

    assertThatThrownBy(
            () ->
                service.append(
                    AppendRequest.chunk(id(upload), 0, 10, dropped)
                        .withChecksum(checksum(ChecksumAlgorithm.SHA1, "abcdefghij"))))
        .hasMessage("connection reset");

    assertThat(store.find(id(upload)).orElseThrow().offset()).isZero();
    assertThat(store.pendingBytes(id(upload))).isZero();
  }

  @Test
  void a_body_that_ends_before_its_declared_length_keeps_what_came_and_says_so()
      throws IOException {
    UploadStatus upload = created(10, "a.txt");

    assertThatThrownBy(() -> service.append(AppendRequest.chunk(id(upload), 0, 10, stream("abc"))))
        .isInstanceOf(EOFException.class);

    assertThat(store.find(id(upload)).orElseThrow().offset()).isEqualTo(3);
  }

  @Test
  void when_the_store_fails_nothing_of_the_chunk_is_kept() throws IOException {
    UploadStatus upload = append(created(10, "a.txt"), "ab");
    store.failWritesAfter(0);

    assertThatThrownBy(() -> append(upload, "cdef")).isInstanceOf(StorageFullException.class);

    assertThat(store.find(id(upload)).orElseThrow().offset()).isEqualTo(2);
    assertThat(store.pendingBytes(id(upload))).isZero();
  }

  @Test
  void a_long_chunk_is_kept_in_stages_so_a_crash_in_its_middle_loses_at_most_one_stage()
      throws IOException {
    UploadStatus upload = created(100, "a.txt"); // the test's service keeps a chunk every 8 bytes
    InputStream killed =
        new InputStream() {
          private final InputStream first =
              stream("0123456789abcdefghij"); // 20 bytes, then the crash

          @Override
          public int read() throws IOException {
            int b = first.read();
            if (b < 0) {
              store.crash();
              throw new IOException("the server was killed");
            }
            return b;
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, 4)); // small reads, as from a slow network
          }
        };

    assertThatThrownBy(() -> service.append(AppendRequest.chunk(id(upload), 0, 100, killed)));

    ResumableUpload after = store.find(id(upload)).orElseThrow();
    assertThat(after.offset()).isEqualTo(16);
    assertThat(store.keptBytes(id(upload))).asString(UTF_8).isEqualTo("0123456789abcdef");
  }

  // ---- deferred length ------------------------------------------------------------------

  @Test
  void a_deferred_upload_grows_until_its_length_is_declared_then_is_published() throws IOException {
    UploadStatus upload = createdDeferred("stream.log");
    assertThat(upload.upload().isLengthDeferred()).isTrue();

    UploadStatus grown = append(upload, "abc");
    assertThat(grown.upload().length()).isEmpty();

    AppendOutcome last =
        service.append(AppendRequest.chunk(id(upload), 3, 2, stream("de")).declaringLength(5));

    UploadStatus done = ((AppendOutcome.Appended) last).status();
    assertThat(done.upload().length()).hasValue(5);
    assertThat(done.location()).hasValue(SitePath.parse("/downloads/stream.log"));
  }

  @Test
  void a_declared_length_may_complete_an_upload_with_an_empty_chunk() throws IOException {
    UploadStatus upload = append(createdDeferred("a.txt"), "abc");

    AppendOutcome outcome =
        service.append(AppendRequest.chunk(id(upload), 3, 0, stream("")).declaringLength(3));

    assertThat(((AppendOutcome.Appended) outcome).status().upload().isPublished()).isTrue();
  }

  @Test
  void a_length_is_declared_once_and_never_below_what_was_received() throws IOException {
    UploadStatus deferred = append(createdDeferred("a.txt"), "abc");
    assertThat(
            service.append(AppendRequest.chunk(id(deferred), 3, 0, stream("")).declaringLength(2)))
        .isInstanceOf(AppendOutcome.LengthConflict.class);

    UploadStatus known = created(10, "b.txt");
    assertThat(service.append(AppendRequest.chunk(id(known), 0, 0, stream("")).declaringLength(9)))
        .isInstanceOf(AppendOutcome.LengthConflict.class);
    assertThat(service.append(AppendRequest.chunk(id(known), 0, 0, stream("")).declaringLength(10)))
        .as("the same length again is fine")
        .isInstanceOf(AppendOutcome.Appended.class);
  }

  @Test
  void a_deferred_upload_may_not_grow_past_the_largest_upload() throws IOException {
    UploadStatus upload = createdDeferred("a.txt");

    assertThat(service.append(AppendRequest.chunk(id(upload), 0, MAX_SIZE + 1, stream(""))))
        .isEqualTo(new AppendOutcome.TooLarge(MAX_SIZE));
    assertThat(
            service.append(
                AppendRequest.chunk(id(upload), 0, 0, stream("")).declaringLength(MAX_SIZE + 1)))
        .isEqualTo(new AppendOutcome.TooLarge(MAX_SIZE));
  }

  @Test
  void a_deferred_upload_may_not_grow_past_the_bound_on_unfinished_bytes() throws IOException {
    created(900, "a.bin");
    created(900, "b.bin");
    UploadStatus upload = createdDeferred("c.bin");

    byte[] tooMuch = new byte[201];
    AppendOutcome outcome =
        service.append(
            new AppendRequest(
                id(upload),
                0,
                OptionalLong.empty(),
                Optional.empty(),
                OptionalLong.empty(),
                new ByteArrayInputStream(tooMuch),
                AppendRequest.UNKNOWN_CLIENT));

    assertThat(outcome).isEqualTo(new AppendOutcome.InsufficientStorage(200));
    assertThat(store.find(id(upload)).orElseThrow().offset()).isZero();
  }

  // ---- one request at a time ------------------------------------------------------------

  @Test
  @SuppressWarnings(
      "InputStreamSlowMultibyteRead") // a byte at a time on purpose; speed is moot in a test
  void while_a_chunk_is_being_received_another_request_for_the_upload_is_told_it_is_locked()
      throws Exception {
    UploadStatus upload = created(10, "a.txt");
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    InputStream slow =
        new InputStream() {
          private int sent;

          @Override
          public int read() throws IOException {
            if (sent == 2) {
              reading.countDown();
              try {
                release.await();
              } catch (InterruptedException e) {
                throw new IOException(e);
              }
            }
            return sent < 10 ? 'a' + sent++ : -1;
          }
        };
    CompletableFuture<AppendOutcome> first =
        CompletableFuture.supplyAsync(
            () -> uncheckedAppend(AppendRequest.chunk(id(upload), 0, 10, slow)));
    assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();

    assertThat(service.append(AppendRequest.chunk(id(upload), 0, 1, stream("z"))))
        .isEqualTo(new AppendOutcome.Locked());
    assertThat(service.terminate(id(upload))).isEqualTo(new TerminateOutcome.Locked());
    assertThat(service.status(id(upload)))
        .as("asking where it stands never waits")
        .isInstanceOf(StatusOutcome.Found.class);

    release.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS)).isInstanceOf(AppendOutcome.Appended.class);
    assertThat(uploads.file("a.txt"))
        .hasValueSatisfying(b -> assertThat(b).asString(UTF_8).isEqualTo("abcdefghij"));
  }

  @Test
  void an_upload_another_process_holds_is_locked_here_too() throws IOException {
    UploadStatus upload = created(10, "a.txt");
    store.holdElsewhere(id(upload));

    assertThat(service.append(AppendRequest.chunk(id(upload), 0, 1, stream("a"))))
        .isEqualTo(new AppendOutcome.Locked());
    assertThat(service.terminate(id(upload))).isEqualTo(new TerminateOutcome.Locked());
  }

  // ---- termination, expiry, sweeping ----------------------------------------------------

  @Test
  void a_terminated_upload_is_unknown_afterwards() throws IOException {
    UploadStatus upload = append(created(10, "a.txt"), "abc");

    assertThat(service.terminate(id(upload))).isEqualTo(new TerminateOutcome.Terminated());

    assertThat(service.status(id(upload))).isEqualTo(new StatusOutcome.Unknown());
    assertThat(service.append(AppendRequest.chunk(id(upload), 3, 1, stream("d"))))
        .isEqualTo(new AppendOutcome.Unknown());
    assertThat(service.terminate(id(upload))).isEqualTo(new TerminateOutcome.Unknown());
  }

  @Test
  void terminating_a_published_upload_forgets_it_and_keeps_its_file() throws IOException {
    UploadStatus done = append(created(1, "a.txt"), "a");

    assertThat(service.terminate(id(done))).isEqualTo(new TerminateOutcome.Terminated());

    assertThat(uploads.file("a.txt")).isPresent();
  }

  @Test
  void each_kept_chunk_moves_the_expiry_forward() throws IOException {
    UploadStatus upload = created(10, "a.txt");
    now = now.plus(Duration.ofHours(20));

    UploadStatus later = append(upload, "abc");

    assertThat(later.upload().expires()).isEqualTo(now.plus(DAY));
  }

  @Test
  void an_expired_upload_is_gone_until_the_sweep_removes_it_then_unknown() throws IOException {
    UploadStatus upload = append(created(10, "a.txt"), "abc");
    UploadStatus fresh = created(10, "b.txt");
    now = now.plus(DAY).minusSeconds(1);
    append(fresh, "x"); // still alive, and now good for another day
    now = now.plusSeconds(1);

    assertThat(service.status(id(upload))).isEqualTo(new StatusOutcome.Gone());
    assertThat(service.append(AppendRequest.chunk(id(upload), 3, 1, stream("d"))))
        .isEqualTo(new AppendOutcome.Gone());

    assertThat(service.sweep()).isEqualTo(new SweepReport(1, 0, 0, java.util.List.of()));

    assertThat(service.status(id(upload))).isEqualTo(new StatusOutcome.Unknown());
    assertThat(service.status(id(fresh))).isInstanceOf(StatusOutcome.Found.class);
  }

  @Test
  void the_sweep_leaves_an_expired_upload_that_someone_holds_for_the_next_sweep()
      throws IOException {
    UploadStatus upload = created(10, "a.txt");
    store.holdElsewhere(id(upload));
    now = now.plus(DAY);

    assertThat(service.sweep()).isEqualTo(new SweepReport(0, 0, 1, java.util.List.of()));
    assertThat(store.find(id(upload))).isPresent();

    store.releaseElsewhere(id(upload));
    assertThat(service.sweep().expired()).isEqualTo(1);
    assertThat(store.find(id(upload))).isEmpty();
  }

  @Test
  void an_upload_whose_last_byte_is_in_but_that_was_not_published_is_published_by_the_next_look()
      throws IOException {
    UploadStatus upload = created(3, "late.txt");
    allBytesInWithoutPublishing(
        id(upload), "abc"); // as if the server died right after keeping them

    assertThat(service.status(id(upload)))
        .isInstanceOfSatisfying(
            StatusOutcome.Found.class,
            found ->
                assertThat(found.status().location())
                    .hasValue(SitePath.parse("/downloads/late.txt")));

    UploadStatus other = created(3, "other.txt");
    allBytesInWithoutPublishing(id(other), "xyz");
    assertThat(service.sweep().published()).isEqualTo(1);
    assertThat(uploads.file("other.txt")).isPresent();
  }

  // ---- names ----------------------------------------------------------------------------

  @Test
  void the_file_type_only_adds_a_harmless_extension_to_a_name_without_one() throws IOException {
    assertThat(published(metadata("filename", "photo", "filetype", "image/png")))
        .isEqualTo("photo.png");
    assertThat(published(metadata("filename", "page", "filetype", "text/html"))).isEqualTo("page");
    assertThat(published(metadata("filename", "notes.txt", "filetype", "image/png")))
        .isEqualTo("notes.txt");
    assertThat(published(metadata("filetype", "application/pdf"))).isEqualTo("upload.pdf");
    assertThat(published(UploadMetadata.none())).isEqualTo("upload");
  }

  // ---- helpers ----------------------------------------------------------------------------

  private String published(UploadMetadata metadata) throws IOException {
    CreateOutcome outcome = service.create(OptionalLong.of(1), metadata);
    UploadStatus upload = ((CreateOutcome.Created) outcome).status();
    return append(upload, "x").upload().stored().orElseThrow().name();
  }

  private void allBytesInWithoutPublishing(UploadId id, String content) throws IOException {
    try (HeldUpload held = ((Hold.Held) store.hold(id)).upload()) {
      ChunkSink sink = held.startChunk();
      byte[] bytes = content.getBytes(UTF_8);
      sink.write(bytes, 0, bytes.length);
      sink.keep(now.plus(DAY));
    }
  }

  private UploadStatus created(long length, String fileName) throws IOException {
    CreateOutcome outcome = service.create(OptionalLong.of(length), metadata("filename", fileName));
    assertThat(outcome).isInstanceOf(CreateOutcome.Created.class);
    return ((CreateOutcome.Created) outcome).status();
  }

  private UploadStatus createdDeferred(String fileName) throws IOException {
    CreateOutcome outcome = service.create(OptionalLong.empty(), metadata("filename", fileName));
    return ((CreateOutcome.Created) outcome).status();
  }

  private UploadStatus append(UploadStatus upload, String chunk) throws IOException {
    byte[] bytes = chunk.getBytes(UTF_8);
    AppendOutcome outcome =
        service.append(
            AppendRequest.chunk(
                id(upload),
                upload.upload().offset(),
                bytes.length,
                new ByteArrayInputStream(bytes)));
    assertThat(outcome).isInstanceOf(AppendOutcome.Appended.class);
    return ((AppendOutcome.Appended) outcome).status();
  }

  private AppendOutcome uncheckedAppend(AppendRequest request) {
    try {
      return service.append(request);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static UploadId id(UploadStatus status) {
    return status.upload().id();
  }

  static UploadMetadata metadata(String... keysAndValues) {
    StringBuilder header = new StringBuilder();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      if (!header.isEmpty()) {
        header.append(',');
      }
      header
          .append(keysAndValues[i])
          .append(' ')
          .append(Base64.getEncoder().encodeToString(keysAndValues[i + 1].getBytes(UTF_8)));
    }
    return UploadMetadata.parse(header.toString());
  }

  private static UploadChecksum checksum(ChecksumAlgorithm algorithm, String content) {
    MessageDigest digest = algorithm.newDigest();
    return UploadChecksum.of(algorithm, digest.digest(content.getBytes(UTF_8)));
  }

  private static InputStream stream(String content) {
    return new ByteArrayInputStream(content.getBytes(UTF_8));
  }

  @SuppressWarnings(
      "InputStreamSlowMultibyteRead") // a byte at a time on purpose; speed is moot in a test
  private static InputStream failingAfter(String content, IOException failure) {
    InputStream first = stream(content);
    return new InputStream() {
      @Override
      public int read() throws IOException {
        int b = first.read();
        if (b < 0) {
          throw failure;
        }
        return b;
      }
    };
  }

  /** Counts the bytes read from it, to prove a refused chunk was not read. */
  @SuppressWarnings(
      "InputStreamSlowMultibyteRead") // a byte at a time on purpose; speed is moot in a test
  private static final class CountingStream extends InputStream {
    private final InputStream in;
    int read;

    CountingStream(String content) {
      this.in = stream(content);
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        read++;
      }
      return b;
    }
  }
}
