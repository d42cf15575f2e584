package dev.mtserver.storage.fs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.resumable.AppendOutcome;
import dev.mtserver.domain.resumable.AppendRequest;
import dev.mtserver.domain.resumable.ResumableUploadLimits;
import dev.mtserver.domain.resumable.ResumableUploadService;
import dev.mtserver.domain.resumable.StatusOutcome;
import dev.mtserver.domain.resumable.UploadId;
import dev.mtserver.domain.resumable.UploadStatus;
import dev.mtserver.domain.upload.UploadArea;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server killed with SIGKILL while it appends: a JVM of its own ({@link ResumableCrashChild}) is
 * killed, the store is opened again, and the offset it reports is never beyond what is on disk,
 * never behind what was acknowledged, and every byte below it is the byte that was sent; the upload
 * then finishes byte-exact.
 */
@EnabledOnOs(OS.LINUX)
class ResumableCrashTest {

  @TempDir Path data;
  @TempDir Path site;

  private Path partials() {
    return data.resolve("resumable");
  }

  private Path downloads() {
    return site.resolve("downloads");
  }

  @Test
  void killed_in_the_middle_of_a_chunk_the_upload_resumes_from_its_last_acknowledged_offset()
      throws Exception {
    Process child = start("stall");
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8))) {
      UploadId id = new UploadId(out.readLine().substring("created ".length()));
      long acked = 0;
      for (String line = out.readLine(); !"mid-chunk".equals(line); line = out.readLine()) {
        assertThat(line).as("the child's output").startsWith("acked ");
        acked = Long.parseLong(line.substring("acked ".length()));
      }
      kill(child);
      Path part = partials().resolve(id + ".part");
      assertThat(Files.size(part))
          .as("half a chunk was written and never kept")
          .isGreaterThan(acked);

      ResumableUploadService restarted = service();
      UploadStatus status = found(restarted, id);

      assertThat(status.upload().offset()).isEqualTo(acked);
      assertThat(Files.size(part)).as("the tail is cut off").isEqualTo(acked);
      assertPattern(part, acked);
      finish(restarted, status);
    }
  }

  @Test
  void killed_at_any_moment_of_a_run_of_chunks_the_offset_is_acknowledged_and_on_disk()
      throws Exception {
    for (int run = 0; run < 3; run++) {
      Path partials = partials().resolve("run-" + run);
      Process child = start("race", partials);
      long acked;
      UploadId id;
      try (BufferedReader out =
          new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8))) {
        id = new UploadId(out.readLine().substring("created ".length()));
        acked = 0;
        int seen = 0;
        while (seen < 3 + run) {
          acked = Long.parseLong(out.readLine().substring("acked ".length()));
          seen++;
        }
        Thread.sleep(ThreadLocalRandom.current().nextInt(1, 20)); // somewhere in a later chunk
        kill(child);
      }
      long onDisk = Files.size(partials.resolve(id + ".part"));

      ResumableUploadService restarted = service(partials);
      long offset = found(restarted, id).upload().offset();

      assertThat(offset).as("run " + run).isGreaterThanOrEqualTo(acked).isLessThanOrEqualTo(onDisk);
      assertThat(offset % ResumableCrashChild.CHUNK).as("only whole chunks are ever kept").isZero();
      assertPattern(partials.resolve(id + ".part"), offset);
    }
  }

  private Process start(String mode) throws IOException {
    return start(mode, partials());
  }

  private Process start(String mode, Path partials) throws IOException {
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            classPath,
            ResumableCrashChild.class.getName(),
            partials.toString(),
            downloads().toString(),
            mode)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }

  private static void kill(Process child) throws InterruptedException {
    child.destroyForcibly(); // SIGKILL: no shutdown hook, no finally, no close
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
  }

  private ResumableUploadService service() throws IOException {
    return service(partials());
  }

  private ResumableUploadService service(Path partials) throws IOException {
    return new ResumableUploadService(
        new FileSystemResumableUploadStore(partials, new FileSystemUploadStore(downloads())),
        ResumableUploadLimits.defaults(ResumableCrashChild.LENGTH),
        UploadArea.at(SitePath.parse("/downloads/")));
  }

  private static UploadStatus found(ResumableUploadService service, UploadId id)
      throws IOException {
    StatusOutcome status = service.status(id);
    assertThat(status).isInstanceOf(StatusOutcome.Found.class);
    return ((StatusOutcome.Found) status).status();
  }

  /** Sends the rest of the upload, as a client resuming would, and checks the stored file. */
  private void finish(ResumableUploadService service, UploadStatus status) throws IOException {
    long offset = status.upload().offset();
    long rest = ResumableCrashChild.LENGTH - offset;
    AppendOutcome outcome =
        service.append(
            AppendRequest.chunk(
                status.upload().id(),
                offset,
                rest,
                new InputStream() {
                  private long position = offset;

                  @Override
                  public int read() {
                    return position < ResumableCrashChild.LENGTH
                        ? ResumableCrashChild.byteAt(position++) & 0xff
                        : -1;
                  }

                  @Override
                  public int read(byte[] b, int off, int len) {
                    int n = (int) Math.min(len, ResumableCrashChild.LENGTH - position);
                    if (n <= 0) {
                      return -1;
                    }
                    for (int i = 0; i < n; i++) {
                      b[off + i] = ResumableCrashChild.byteAt(position++);
                    }
                    return n;
                  }
                }));
    UploadStatus done = ((AppendOutcome.Appended) outcome).status();
    String name = done.upload().stored().orElseThrow().name();
    Path stored = downloads().resolve(name);
    assertThat(Files.size(stored)).isEqualTo(ResumableCrashChild.LENGTH);
    assertPattern(stored, ResumableCrashChild.LENGTH);
  }

  private static void assertPattern(Path file, long length) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
      long position = 0;
      while (position < length) {
        buffer.clear().limit((int) Math.min(buffer.capacity(), length - position));
        int n = channel.read(buffer, position);
        assertThat(n).as("bytes at " + position).isPositive();
        for (int i = 0; i < n; i++) {
          if (buffer.get(i) != ResumableCrashChild.byteAt(position + i)) {
            throw new AssertionError(
                "byte " + (position + i) + " of " + file.getFileName() + " is not the one sent");
          }
        }
        position += n;
      }
    }
  }
}
