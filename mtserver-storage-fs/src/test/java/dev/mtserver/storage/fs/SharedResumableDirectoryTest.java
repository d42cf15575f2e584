package dev.mtserver.storage.fs;

import static dev.mtserver.storage.fs.FileSystemResumableUploadStoreTest.append;
import static dev.mtserver.storage.fs.FileSystemResumableUploadStoreTest.id;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.resumable.AppendOutcome;
import dev.mtserver.domain.resumable.AppendRequest;
import dev.mtserver.domain.resumable.ResumableUploadLimits;
import dev.mtserver.domain.resumable.ResumableUploadService;
import dev.mtserver.domain.resumable.StatusOutcome;
import dev.mtserver.domain.resumable.SweepReport;
import dev.mtserver.domain.resumable.TerminateOutcome;
import dev.mtserver.domain.resumable.UploadStatus;
import dev.mtserver.domain.upload.UploadArea;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers may share one resumable-upload directory (docs/operations.md): one starting, or
 * sweeping, must leave alone what the other is writing, whether the other is in this JVM or in
 * another process.
 */
class SharedResumableDirectoryTest {

  private static final Duration DAY = Duration.ofHours(24);

  @TempDir Path data;
  @TempDir Path site;
  @TempDir Path scratch;

  private Instant now = Instant.parse("2026-12-01T10:00:00Z");
  private final InstantSource clock = () -> now;

  private Path partials() {
    return data.resolve("resumable");
  }

  private ResumableUploadService service() throws IOException {
    return new ResumableUploadService(
        new FileSystemResumableUploadStore(
            partials(), new FileSystemUploadStore(site.resolve("downloads"))),
        ResumableUploadLimits.defaults(1L << 30),
        UploadArea.at(SitePath.parse("/downloads/")),
        clock,
        new SecureRandom());
  }

  @Test
  void a_store_starting_and_sweeping_beside_a_chunk_in_flight_leaves_it_to_finish()
      throws Exception {
    ResumableUploadService first = service();
    UploadStatus upload = FileSystemResumableUploadStoreTest.create(first, 10, "shared.txt");
    CountDownLatch halfway = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    InputStream slow =
        new InputStream() {
          private int sent;

          @Override
          public int read() throws IOException {
            if (sent == 5) {
              halfway.countDown();
              try {
                release.await();
              } catch (InterruptedException e) {
                throw new IOException(e);
              }
            }
            return sent < 10 ? '0' + sent++ : -1;
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, 5 - sent % 5)); // five bytes, then the stall
          }
        };
    CompletableFuture<AppendOutcome> inFlight =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return first.append(AppendRequest.chunk(id(upload), 0, 10, slow));
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    assertThat(halfway.await(10, TimeUnit.SECONDS)).isTrue();
    Path part = partials().resolve(id(upload) + ".part");
    assertThat(Files.readString(part)).as("written, not yet kept").isEqualTo("01234");

    now = now.plus(DAY); // and expired, by the second server's clock
    ResumableUploadService second = service(); // its recovery runs now

    assertThat(Files.readString(part)).as("the recovery did not cut it back").isEqualTo("01234");
    assertThat(second.sweep()).isEqualTo(new SweepReport(0, 0, 1, List.of()));
    assertThat(
            second.append(
                AppendRequest.chunk(
                    id(upload), 0, 1, FileSystemResumableUploadStoreTest.stream("x"))))
        .isEqualTo(new AppendOutcome.Locked());
    assertThat(second.terminate(id(upload))).isEqualTo(new TerminateOutcome.Locked());
    assertThat(new OtherProcessLocks(scratch).probe(partials().resolve(id(upload) + ".lock")))
        .as("still locked for other processes: nothing here opened and closed the lock file")
        .isEqualTo("locked");

    release.countDown();
    assertThat(inFlight.get(10, TimeUnit.SECONDS)).isInstanceOf(AppendOutcome.Appended.class);
    assertThat(Files.readString(site.resolve("downloads").resolve("shared.txt")))
        .isEqualTo("0123456789");
  }

  @Test
  void an_upload_another_process_holds_is_neither_recovered_nor_swept_nor_changed_until_it_lets_go()
      throws Exception {
    ResumableUploadService service = service();
    UploadStatus upload =
        append(service, FileSystemResumableUploadStoreTest.create(service, 10, "a.txt"), "abc");
    Path part = partials().resolve(id(upload) + ".part");
    Files.write(part, "de".getBytes(UTF_8), StandardOpenOption.APPEND); // being written over there
    now = now.plus(DAY);

    Process holder = new OtherProcessLocks(scratch).hold(partials().resolve(id(upload) + ".lock"));
    try {
      assertThat(
              new java.io.BufferedReader(
                      new java.io.InputStreamReader(holder.getInputStream(), UTF_8))
                  .readLine())
          .isEqualTo("locked");
      ResumableUploadService starting = service();

      assertThat(Files.readString(part)).isEqualTo("abcde");
      assertThat(starting.sweep().busy()).isEqualTo(1);
      assertThat(
              starting.append(
                  AppendRequest.chunk(
                      id(upload), 3, 1, FileSystemResumableUploadStoreTest.stream("x"))))
          .isEqualTo(new AppendOutcome.Locked());
    } finally {
      holder.getOutputStream().close(); // lets go, and ends
      assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    ResumableUploadService after = service();
    assertThat(Files.readString(part)).as("its unkept tail is cut now").isEqualTo("abc");
    assertThat(after.status(id(upload))).isEqualTo(new StatusOutcome.Gone());
    assertThat(after.sweep().expired()).isEqualTo(1);
    assertThat(after.status(id(upload))).isEqualTo(new StatusOutcome.Unknown());
  }
}
