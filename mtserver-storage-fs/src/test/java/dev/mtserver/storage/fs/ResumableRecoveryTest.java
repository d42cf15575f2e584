package dev.mtserver.storage.fs;

import static dev.mtserver.storage.fs.FileSystemResumableUploadStoreTest.append;
import static dev.mtserver.storage.fs.FileSystemResumableUploadStoreTest.id;
import static dev.mtserver.storage.fs.FileSystemResumableUploadStoreTest.names;
import static dev.mtserver.storage.fs.FileSystemResumableUploadStoreTest.visibleNames;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.resumable.ChunkSink;
import dev.mtserver.domain.resumable.HeldUpload;
import dev.mtserver.domain.resumable.ResumableUploadLimits;
import dev.mtserver.domain.resumable.ResumableUploadService;
import dev.mtserver.domain.resumable.ResumableUploadStorePort.Hold;
import dev.mtserver.domain.resumable.StatusOutcome;
import dev.mtserver.domain.resumable.UploadStatus;
import dev.mtserver.domain.upload.UploadArea;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a store finds when it opens after a crash, simulated by writing what a crash leaves. */
class ResumableRecoveryTest {

  @TempDir Path data;
  @TempDir Path site;

  private Path partials() {
    return data.resolve("resumable");
  }

  private Path downloads() {
    return site.resolve("downloads");
  }

  private FileSystemResumableUploadStore open() throws IOException {
    return new FileSystemResumableUploadStore(partials(), new FileSystemUploadStore(downloads()));
  }

  private ResumableUploadService service() throws IOException {
    return service(open());
  }

  private static ResumableUploadService service(FileSystemResumableUploadStore store) {
    return new ResumableUploadService(
        store,
        ResumableUploadLimits.defaults(1L << 30),
        UploadArea.at(SitePath.parse("/downloads/")));
  }

  private long offsetAfterRestart(UploadStatus upload) throws IOException {
    StatusOutcome status = service().status(id(upload));
    return ((StatusOutcome.Found) status).status().upload().offset();
  }

  private Path part(UploadStatus upload) {
    return partials().resolve(id(upload) + ".part");
  }

  @Test
  void bytes_beyond_the_durable_offset_are_never_counted_and_are_cut_off() throws IOException {
    ResumableUploadService service = service();
    UploadStatus upload =
        append(service, FileSystemResumableUploadStoreTest.create(service, 100, "a.txt"), "abc");
    // What a crash in the middle of the next chunk leaves: bytes written, never kept (perhaps
    // zeros).
    Files.write(part(upload), new byte[] {0, 0, 0, 'd'}, StandardOpenOption.APPEND);

    assertThat(offsetAfterRestart(upload)).isEqualTo(3);
    assertThat(Files.readString(part(upload))).isEqualTo("abc");
  }

  @Test
  void an_offset_record_torn_by_a_crash_falls_back_to_the_one_before() throws IOException {
    ResumableUploadService service = service();
    UploadStatus upload =
        append(
            service,
            FileSystemResumableUploadStoreTest.create(service, 100, "a.txt"),
            "abc"); // generation 2
    append(service, upload, "def"); // generation 3, in the first slot
    try (FileChannel progress =
        FileChannel.open(partials().resolve(id(upload) + ".progress"), StandardOpenOption.WRITE)) {
      progress.write(ByteBuffer.wrap(new byte[] {0x7f, 0x7f, 0x7f}), 14); // inside its offset
    }

    assertThat(offsetAfterRestart(upload)).isEqualTo(3);
    assertThat(Files.readString(part(upload))).isEqualTo("abc");
  }

  @Test
  void fewer_bytes_on_disk_than_recorded_bring_the_offset_down_to_them() throws IOException {
    ResumableUploadService service = service();
    UploadStatus upload =
        append(service, FileSystemResumableUploadStoreTest.create(service, 100, "a.txt"), "abcdef");
    try (FileChannel bytes = FileChannel.open(part(upload), StandardOpenOption.WRITE)) {
      bytes.truncate(2);
    }

    assertThat(offsetAfterRestart(upload)).isEqualTo(2);
  }

  @Test
  void half_made_uploads_are_removed_and_names_that_are_not_the_stores_are_left()
      throws IOException {
    open();
    String halfMade = "00112233445566778899aabbccddeeff";
    Files.writeString(partials().resolve(halfMade + ".lock"), "");
    Files.writeString(partials().resolve(halfMade + ".part"), "bytes of a creation cut short");
    Files.writeString(
        partials().resolve("ffeeddccbbaa99887766554433221100.part"), "no lock, no descriptor");
    Files.writeString(partials().resolve("notes.txt"), "an operator's");
    Files.writeString(partials().resolve("XYZ.info"), "not an id");

    open();

    assertThat(names(partials())).containsExactly("XYZ.info", "notes.txt");
  }

  @Test
  void a_damaged_upload_is_left_for_a_person_and_the_others_go_on() throws IOException {
    ResumableUploadService service = service();
    UploadStatus damaged =
        append(service, FileSystemResumableUploadStoreTest.create(service, 10, "a.txt"), "abc");
    UploadStatus fine =
        append(service, FileSystemResumableUploadStoreTest.create(service, 10, "b.txt"), "xyz");
    Files.writeString(partials().resolve(id(damaged) + ".info"), "{\"id\": 17");

    ResumableUploadService restarted = service();

    assertThat(restarted.status(id(damaged))).isEqualTo(new StatusOutcome.Unknown());
    assertThat(offsetAfterRestart(fine)).isEqualTo(3);
    assertThat(names(partials())).contains(id(damaged) + ".info", id(damaged) + ".part");
  }

  @Test
  void an_upload_linked_into_the_uploads_before_the_crash_recorded_where_is_not_published_twice()
      throws IOException {
    FileSystemResumableUploadStore store = open();
    UploadStatus upload = FileSystemResumableUploadStoreTest.create(service(store), 3, "late.txt");
    try (HeldUpload held = ((Hold.Held) store.hold(id(upload))).upload()) {
      ChunkSink sink = held.startChunk();
      sink.write("abc".getBytes(UTF_8), 0, 3);
      sink.keep(Instant.now().plus(Duration.ofHours(1)));
    }
    // The crash: the link was made, the descriptor not yet rewritten.
    Files.createLink(downloads().resolve("late.txt"), part(upload));

    StatusOutcome status = service().status(id(upload));

    assertThat(status)
        .isInstanceOfSatisfying(
            StatusOutcome.Found.class,
            found ->
                assertThat(found.status().location())
                    .hasValue(SitePath.parse("/downloads/late.txt")));
    assertThat(visibleNames(downloads())).containsExactly("late.txt");
    assertThat(Files.exists(part(upload))).isFalse();
  }
}
