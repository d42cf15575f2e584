package dev.mtserver.storage.fs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.resumable.AppendOutcome;
import dev.mtserver.domain.resumable.AppendRequest;
import dev.mtserver.domain.resumable.CreateOutcome;
import dev.mtserver.domain.resumable.ResumableUpload;
import dev.mtserver.domain.resumable.ResumableUploadLimits;
import dev.mtserver.domain.resumable.ResumableUploadService;
import dev.mtserver.domain.resumable.StatusOutcome;
import dev.mtserver.domain.resumable.TerminateOutcome;
import dev.mtserver.domain.resumable.UploadChecksum;
import dev.mtserver.domain.resumable.UploadId;
import dev.mtserver.domain.resumable.UploadMetadata;
import dev.mtserver.domain.resumable.UploadStatus;
import dev.mtserver.domain.upload.PendingUpload;
import dev.mtserver.domain.upload.UploadArea;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resumable-upload store on a real directory, driven through the domain's service as the HTTP
 * layer will drive it: what a client and an operator would see.
 */
class FileSystemResumableUploadStoreTest {

  private static final Duration DAY = Duration.ofHours(24);

  @TempDir Path data;
  @TempDir Path site;

  private Instant now = Instant.parse("2026-12-01T10:00:00Z");
  private final InstantSource clock = () -> now;
  private ResumableUploadLimits limits = new ResumableUploadLimits(1L << 30, 100, 10L << 30, DAY);

  private Path partials() {
    return data.resolve("resumable");
  }

  private Path downloads() {
    return site.resolve("downloads");
  }

  private FileSystemResumableUploadStore open() throws IOException {
    return new FileSystemResumableUploadStore(partials(), new FileSystemUploadStore(downloads()));
  }

  private ResumableUploadService service(FileSystemResumableUploadStore store) {
    return new ResumableUploadService(
        store, limits, UploadArea.at(SitePath.parse("/downloads/")), clock, new SecureRandom());
  }

  @Test
  void bytes_stay_out_of_the_uploads_directory_until_the_last_arrives_then_appear_whole()
      throws IOException {
    ResumableUploadService service = service(open());
    UploadStatus upload = create(service, 11, "../secret/hello.txt");

    UploadStatus half = append(service, upload, "hello ");

    assertThat(visibleNames(downloads())).isEmpty();
    assertThat(Files.readString(partials().resolve(id(upload) + ".part"))).isEqualTo("hello ");
    assertThat(Files.getPosixFilePermissions(partials().resolve(id(upload) + ".part")))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.getPosixFilePermissions(partials()))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));

    UploadStatus done = append(service, half, "world");

    assertThat(done.location()).hasValue(SitePath.parse("/downloads/hello.txt"));
    assertThat(visibleNames(downloads())).containsExactly("hello.txt");
    assertThat(Files.readString(downloads().resolve("hello.txt"))).isEqualTo("hello world");
    assertThat(Files.getPosixFilePermissions(downloads().resolve("hello.txt")))
        .isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
    assertThat(names(partials()))
        .as("only the record of where it went is left")
        .containsExactlyInAnyOrder(
            id(upload) + ".lock", id(upload) + ".info", id(upload) + ".progress");
    assertThat(service(open()).status(id(upload)))
        .as("and it is remembered across a restart")
        .isEqualTo(new StatusOutcome.Found(done));
  }

  @Test
  void an_upload_goes_on_after_a_restart_from_the_offset_it_had_reached() throws IOException {
    UploadStatus upload = create(service(open()), 10, "a.txt");
    append(service(open()), upload, "abcd");

    ResumableUploadService restarted = service(open());
    StatusOutcome status = restarted.status(id(upload));

    assertThat(status)
        .isInstanceOfSatisfying(
            StatusOutcome.Found.class,
            found -> {
              assertThat(found.status().upload().offset()).isEqualTo(4);
              assertThat(found.status().upload().metadata().fileName()).hasValue("a.txt");
            });
    append(restarted, ((StatusOutcome.Found) status).status(), "efghij");
    assertThat(Files.readString(downloads().resolve("a.txt"))).isEqualTo("abcdefghij");
  }

  @Test
  void a_chunk_whose_checksum_does_not_match_leaves_neither_offset_nor_bytes() throws IOException {
    ResumableUploadService service = service(open());
    UploadStatus upload = append(service, create(service, 20, "a.txt"), "first");

    AppendOutcome outcome =
        service.append(
            AppendRequest.chunk(id(upload), 5, 11, stream("hello world"))
                .withChecksum(UploadChecksum.parse("sha1 AAAAAAAAAAAAAAAAAAAAAAAAAAA=")));

    assertThat(outcome).isEqualTo(new AppendOutcome.ChecksumMismatch());
    assertThat(Files.size(partials().resolve(id(upload) + ".part"))).isEqualTo(5);
    assertThat(service(open()).status(id(upload)))
        .isInstanceOfSatisfying(
            StatusOutcome.Found.class,
            found -> assertThat(found.status().upload().offset()).isEqualTo(5));
  }

  @Test
  void a_deferred_length_declared_later_is_remembered_across_a_restart() throws IOException {
    ResumableUploadService service = service(open());
    CreateOutcome created = service.create(OptionalLong.empty(), metadata("stream.log"));
    UploadStatus upload = append(service, ((CreateOutcome.Created) created).status(), "abc");
    assertThat(service(open()).status(id(upload)))
        .isInstanceOfSatisfying(
            StatusOutcome.Found.class,
            found -> assertThat(found.status().upload().length()).isEmpty());

    service.append(AppendRequest.chunk(id(upload), 3, 0, stream("")).declaringLength(6));

    ResumableUploadService restarted = service(open());
    StatusOutcome status = restarted.status(id(upload));
    assertThat(status)
        .isInstanceOfSatisfying(
            StatusOutcome.Found.class,
            found -> assertThat(found.status().upload().length()).hasValue(6));
    append(restarted, ((StatusOutcome.Found) status).status(), "def");
    assertThat(Files.readString(downloads().resolve("stream.log"))).isEqualTo("abcdef");
  }

  @Test
  void termination_removes_every_file_of_the_upload() throws IOException {
    ResumableUploadService service = service(open());
    UploadStatus upload = append(service, create(service, 10, "a.txt"), "abc");

    assertThat(service.terminate(id(upload))).isEqualTo(new TerminateOutcome.Terminated());

    assertThat(names(partials())).isEmpty();
    assertThat(service(open()).status(id(upload))).isEqualTo(new StatusOutcome.Unknown());
  }

  @Test
  void the_sweep_removes_expired_uploads_and_keeps_the_others() throws IOException {
    ResumableUploadService service = service(open());
    UploadStatus old = append(service, create(service, 10, "old.txt"), "abc");
    now = now.plus(Duration.ofHours(12));
    UploadStatus fresh = create(service, 10, "fresh.txt");
    now = now.plus(Duration.ofHours(13));

    assertThat(service(open()).sweep().expired()).isEqualTo(1);

    assertThat(names(partials())).allMatch(name -> name.startsWith(id(fresh).value()));
    assertThat(service.status(id(old))).isEqualTo(new StatusOutcome.Unknown());
  }

  @Test
  void the_bounds_on_unfinished_uploads_count_what_is_on_disk_across_restarts() throws IOException {
    limits = new ResumableUploadLimits(1_000, 2, 1_500, DAY);
    ResumableUploadService service = service(open());
    create(service, 1_000, "a.bin");

    assertThat(service(open()).create(OptionalLong.of(501), UploadMetadata.none()))
        .isEqualTo(new CreateOutcome.InsufficientStorage(500));
    create(service(open()), 500, "b.bin");
    assertThat(service(open()).create(OptionalLong.of(0), UploadMetadata.none()))
        .isEqualTo(new CreateOutcome.TooManyUploads(2));
  }

  @Test
  void finished_uploads_and_multipart_uploads_of_one_name_racing_each_other_never_overwrite()
      throws Exception {
    FileSystemUploadStore uploads = new FileSystemUploadStore(downloads());
    ResumableUploadService service =
        service(new FileSystemResumableUploadStore(partials(), uploads));
    int each = 6;
    List<UploadStatus> resumable = new ArrayList<>();
    for (int i = 0; i < each; i++) {
      resumable.add(append(service, create(service, 20, "report.pdf"), "resumable " + i));
    }
    // every resumable upload holds 11 of its 20 bytes; the rest arrives in the race below
    CyclicBarrier start = new CyclicBarrier(2 * each);
    List<Callable<String>> racers = new ArrayList<>();
    for (int i = 0; i < each; i++) {
      UploadStatus upload = resumable.get(i);
      String rest =
          String.format("%-" + (20 - upload.upload().offset()) + "s", "#" + i).replace(' ', '.');
      racers.add(
          () -> {
            start.await();
            return append(service, upload, rest).upload().stored().orElseThrow().name();
          });
      String multipart = "multipart " + i;
      racers.add(
          () -> {
            PendingUpload pending = uploads.begin("report.pdf");
            byte[] bytes = multipart.getBytes(UTF_8);
            pending.write(bytes, 0, bytes.length);
            start.await();
            return pending.commit().name();
          });
    }
    ExecutorService pool = Executors.newFixedThreadPool(2 * each);
    List<String> stored = new ArrayList<>();
    try {
      for (Future<String> name : pool.invokeAll(racers)) {
        stored.add(name.get());
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(stored).doesNotHaveDuplicates().hasSize(2 * each);
    assertThat(visibleNames(downloads())).containsExactlyInAnyOrderElementsOf(stored);
    List<String> contents = new ArrayList<>();
    for (String name : stored) {
      contents.add(Files.readString(downloads().resolve(name)));
    }
    for (int i = 0; i < each; i++) {
      assertThat(contents).contains("multipart " + i);
      String prefix = "resumable " + i;
      assertThat(contents).anyMatch(c -> c.startsWith(prefix) && c.length() == 20);
    }
  }

  @Test
  void across_file_systems_a_finished_upload_is_copied_through_the_upload_stores_hidden_file()
      throws IOException {
    FileSystemResumableUploadStore store =
        new FileSystemResumableUploadStore(
            partials(),
            new FileSystemUploadStore(downloads()),
            FileSystemResumableUploadStore.Publication.COPY);
    ResumableUploadService service = service(store);

    UploadStatus done = append(service, create(service, 5, "copied.txt"), "bytes");

    assertThat(done.location()).hasValue(SitePath.parse("/downloads/copied.txt"));
    assertThat(Files.readString(downloads().resolve("copied.txt"))).isEqualTo("bytes");
    assertThat(names(downloads())).containsExactly("copied.txt");
    assertThat(names(partials())).doesNotContain(id(done) + ".part");
  }

  // ---- helpers ----------------------------------------------------------------------------

  static UploadMetadata metadata(String fileName) {
    return UploadMetadata.parse(
        "filename " + Base64.getEncoder().encodeToString(fileName.getBytes(UTF_8)));
  }

  static UploadStatus create(ResumableUploadService service, long length, String fileName)
      throws IOException {
    CreateOutcome outcome = service.create(OptionalLong.of(length), metadata(fileName));
    assertThat(outcome).isInstanceOf(CreateOutcome.Created.class);
    return ((CreateOutcome.Created) outcome).status();
  }

  static UploadStatus append(ResumableUploadService service, UploadStatus upload, String chunk)
      throws IOException {
    byte[] bytes = chunk.getBytes(UTF_8);
    AppendOutcome outcome =
        service.append(
            AppendRequest.chunk(
                upload.upload().id(),
                upload.upload().offset(),
                bytes.length,
                new ByteArrayInputStream(bytes)));
    assertThat(outcome).isInstanceOf(AppendOutcome.Appended.class);
    return ((AppendOutcome.Appended) outcome).status();
  }

  static UploadId id(UploadStatus status) {
    return status.upload().id();
  }

  static UploadId id(ResumableUpload upload) {
    return upload.id();
  }

  static InputStream stream(String content) {
    return new ByteArrayInputStream(content.getBytes(UTF_8));
  }

  static List<String> names(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  static List<String> visibleNames(Path directory) throws IOException {
    return names(directory).stream().filter(name -> !name.startsWith(".")).toList();
  }
}
