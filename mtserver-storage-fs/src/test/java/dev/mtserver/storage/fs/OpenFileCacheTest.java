package dev.mtserver.storage.fs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.common.base.Ticker;
import dev.mtserver.domain.content.OpenContent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the open-file cache promises, seen the way an operator sees it: the descriptors in {@code
 * /proc/self/fd}, the mappings in {@code /proc/self/maps}, and the bytes a request sends.
 */
@EnabledOnOs(OS.LINUX)
class OpenFileCacheTest {

  @TempDir Path dir;

  private final AtomicLong nanos = new AtomicLong();
  private final Ticker ticker =
      new Ticker() {
        @Override
        public long read() {
          return nanos.get();
        }
      };

  @Test
  void a_file_sent_again_and_again_is_opened_once_and_stays_open_between_requests()
      throws IOException {
    Path file = write("page.bin", "one");
    OpenFileCache cache = new OpenFileCache(8, Duration.ofSeconds(10), ticker);

    for (int i = 0; i < 20; i++) {
      try (OpenContent open = cache.open(file, attributes(file))) {
        assertThat(read(open)).isEqualTo("one");
        assertThat(descriptorsTo(file)).as("while sending").isEqualTo(1);
      }
    }
    assertThat(descriptorsTo(file)).as("kept for the next request").isEqualTo(1);
  }

  @Test
  void without_the_cache_nothing_stays_open() throws IOException {
    Path file = write("page.bin", "one");
    OpenFileCache cache = OpenFileCache.disabled();

    assertThat(send(cache, file)).isEqualTo("one");
    assertThat(descriptorsTo(file)).isZero();
  }

  @Test
  void a_file_replaced_by_a_rename_is_sent_new_and_the_old_one_closed() throws IOException {
    Path file = write("page.bin", "old");
    OpenFileCache cache = new OpenFileCache(8, Duration.ofSeconds(10), ticker);
    assertThat(send(cache, file)).isEqualTo("old");

    replace(file, "new"); // same size, as an upload of a corrected file might be
    assertThat(send(cache, file)).isEqualTo("new");
    assertThat(descriptorsTo(file)).as("only the new file").isEqualTo(1);
    assertThat(deletedDescriptors()).as("the replaced file's descriptor is closed").isEmpty();
  }

  @Test
  void a_request_still_sending_the_replaced_file_finishes_it_and_then_it_is_closed()
      throws IOException {
    Path file = write("page.bin", "old");
    OpenFileCache cache = new OpenFileCache(8, Duration.ofSeconds(10), ticker);
    OpenContent slow = cache.open(file, attributes(file));

    replace(file, "new");
    assertThat(send(cache, file)).isEqualTo("new");
    assertThat(read(slow)).as("the slow request's bytes are the file it began").isEqualTo("old");
    assertThat(deletedDescriptors()).as("held while that request sends it").hasSize(1);

    slow.close();
    slow.close(); // closing twice gives back one lease, never another request's
    assertThat(deletedDescriptors()).isEmpty();
    assertThat(send(cache, file)).isEqualTo("new");
  }

  @Test
  void a_file_edited_in_place_is_sent_as_it_is_now() throws IOException {
    Path file = write("page.bin", "short");
    OpenFileCache cache = new OpenFileCache(8, Duration.ofSeconds(10), ticker);
    assertThat(send(cache, file)).isEqualTo("short");

    Files.writeString(file, "a longer text");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
    assertThat(send(cache, file)).isEqualTo("a longer text");
    assertThat(descriptorsTo(file)).isEqualTo(1);
  }

  @Test
  void a_file_sent_about_once_a_minute_stays_open_between_its_requests() throws IOException {
    Path file = write("download.bin", "big file");
    Path other = write("other.bin", "busy");
    OpenFileCache cache = new OpenFileCache(8, OpenFileCache.IDLE_CLOSE, ticker);

    for (int i = 0; i < 3; i++) {
      assertThat(send(cache, file)).isEqualTo("big file");
      nanos.addAndGet(Duration.ofSeconds(50).toNanos());
      assertThat(send(cache, other)).as("the cache in use meanwhile").isEqualTo("busy");
      assertThat(descriptorsTo(file)).as("kept after 50 s unsent").isEqualTo(1);
    }
  }

  @Test
  void a_file_unused_for_the_idle_time_is_closed_when_the_cache_is_next_used() throws IOException {
    Path removed = write("removed.bin", "gone soon");
    Path other = write("other.bin", "still here");
    OpenFileCache cache = new OpenFileCache(8, Duration.ofSeconds(10), ticker);
    assertThat(send(cache, removed)).isEqualTo("gone soon");
    Files.delete(removed);
    assertThat(deletedDescriptors()).as("its space is still held").hasSize(1);

    nanos.addAndGet(Duration.ofSeconds(11).toNanos());
    assertThat(send(cache, other)).isEqualTo("still here");
    assertThat(deletedDescriptors()).as("closed, its space given back").isEmpty();
  }

  @Test
  void no_more_files_than_the_bound_stay_open() throws IOException {
    OpenFileCache cache = new OpenFileCache(4, Duration.ofSeconds(10), ticker);
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      Path file = write("f" + i + ".bin", "file " + i);
      files.add(file);
      assertThat(send(cache, file)).isEqualTo("file " + i);
    }
    assertThat(files.stream().mapToLong(OpenFileCacheTest::descriptorsTo).sum())
        .isLessThanOrEqualTo(4);
    assertThat(cache.keptChannels()).isLessThanOrEqualTo(4);
  }

  @Test
  void requests_sending_one_file_at_once_each_have_a_channel_and_the_bound_is_kept_after()
      throws IOException {
    Path file = write("popular.bin", "popular");
    OpenFileCache cache = new OpenFileCache(2, Duration.ofSeconds(10), ticker);
    List<OpenContent> sending = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      sending.add(cache.open(file, attributes(file)));
    }
    assertThat(descriptorsTo(file)).as("one per request").isEqualTo(5);
    for (OpenContent open : sending) {
      assertThat(read(open)).isEqualTo("popular");
      open.close();
    }
    assertThat(descriptorsTo(file))
        .as("kept for the next requests, no more than the bound")
        .isEqualTo(2);
    assertThat(cache.keptChannels()).isEqualTo(2);
  }

  @Test
  void many_requests_at_once_each_get_all_of_the_file() throws Exception {
    String content = "x".repeat(100_000);
    Path file = write("big.bin", content);
    OpenFileCache cache = new OpenFileCache(8, Duration.ofSeconds(10), ticker);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> sent = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        sent.add(
            pool.submit(
                () -> {
                  return send(cache, file);
                }));
      }
      for (Future<String> one : sent) {
        assertThat(one.get()).hasSize(content.length()).isEqualTo(content);
      }
    } finally {
      pool.shutdown();
    }
    assertThat(descriptorsTo(file))
        .as("at most one kept per thread that sent it")
        .isBetween(1L, 8L);
  }

  @Test
  void a_name_swapped_for_a_link_since_its_look_up_is_not_opened() throws IOException {
    Path file = write("page.bin", "page");
    Path secret = write("secret.bin", "secret");
    BasicFileAttributes lookedUp = attributes(file);
    Files.delete(file);
    Files.createSymbolicLink(file, secret);
    OpenFileCache cache = new OpenFileCache(8, Duration.ofSeconds(10), ticker);

    assertThat(catchThrowable(() -> cache.open(file, lookedUp).close()))
        .isInstanceOf(IOException.class);
    assertThat(descriptorsTo(secret)).isZero();
  }

  // ---------------------------------------------------------------- mapped files

  @Test
  void a_medium_file_is_offered_in_memory_byte_for_byte_and_a_larger_one_is_not()
      throws IOException {
    byte[] medium = randomBytes(OpenFileCache.MAPPED_MAX_BYTES, 1);
    byte[] large = randomBytes(OpenFileCache.MAPPED_MAX_BYTES + 1, 2);
    Path mediumFile = Files.write(dir.resolve("medium.bin"), medium);
    Path largeFile = Files.write(dir.resolve("large.bin"), large);
    OpenFileCache cache = new OpenFileCache(8, Duration.ofSeconds(10), ticker);

    for (int i = 0; i < 3; i++) { // the request that opens the file, then ones that find it kept
      try (OpenContent open = cache.open(mediumFile, attributes(mediumFile))) {
        assertThat(bytes(open.inMemory(0, medium.length))).isEqualTo(medium);
        assertThat(bytes(open.inMemory(70_000, 3)))
            .isEqualTo(Arrays.copyOfRange(medium, 70_000, 70_003));
        assertThat(open.inMemory(1, medium.length)).as("beyond the end").isNull();
        assertThat(open.inMemory(0, 1).isReadOnly()).isTrue();
      }
    }
    try (OpenContent open = cache.open(largeFile, attributes(largeFile))) {
      assertThat(open.inMemory(0, large.length)).isNull();
      assertThat(open.inMemory(0, 1)).isNull();
    }
    assertThat(mappingsOf(mediumFile)).as("one mapping for all its requests").isEqualTo(1);
    assertThat(mappingsOf(largeFile)).as("sent with sendfile only").isZero();
  }

  @Test
  void a_replaced_files_mapping_is_kept_while_a_request_sends_it_and_unmapped_when_it_ends()
      throws IOException {
    byte[] old = randomBytes(64 * 1024, 3);
    byte[] now = randomBytes(64 * 1024, 4);
    Path file = Files.write(dir.resolve("page.bin"), old);
    OpenFileCache cache = new OpenFileCache(8, Duration.ofSeconds(10), ticker);
    OpenContent slow = cache.open(file, attributes(file));

    replace(file, now);
    try (OpenContent fresh = cache.open(file, attributes(file))) {
      assertThat(bytes(fresh.inMemory(0, now.length))).isEqualTo(now);
    }
    assertThat(bytes(slow.inMemory(0, old.length)))
        .as("the slow request's bytes are the file it began")
        .isEqualTo(old);
    assertThat(deletedMappings()).as("mapped while that request sends it").hasSize(1);

    slow.close();
    slow.close(); // closing twice lets go of the mapping once
    assertThat(deletedMappings())
        .as("unmapped when it ends, not when the garbage collector runs")
        .isEmpty();
    assertThat(slow.inMemory(0, old.length)).as("nothing after the close").isNull();
    assertThat(mappingsOf(file)).as("the new file's").isEqualTo(1);
  }

  @Test
  void a_mapped_file_unused_for_the_idle_time_is_unmapped_when_the_cache_is_next_used()
      throws IOException {
    Path removed = Files.write(dir.resolve("removed.bin"), randomBytes(40_000, 5));
    Path other = write("other.bin", "still here");
    OpenFileCache cache = new OpenFileCache(8, Duration.ofSeconds(10), ticker);
    cache.open(removed, attributes(removed)).close();
    Files.delete(removed);
    assertThat(deletedMappings()).as("its space is still held").hasSize(1);

    nanos.addAndGet(Duration.ofSeconds(11).toNanos());
    assertThat(send(cache, other)).isEqualTo("still here");
    assertThat(deletedMappings()).as("unmapped, its space given back").isEmpty();
  }

  @Test
  void without_the_cache_nothing_is_mapped() throws IOException {
    byte[] medium = randomBytes(64 * 1024, 6);
    Path file = Files.write(dir.resolve("medium.bin"), medium);

    try (OpenContent open = OpenFileCache.disabled().open(file, attributes(file))) {
      assertThat(open.inMemory(0, medium.length)).isNull();
    }
    assertThat(mappingsOf(file)).isZero();
  }

  // ---------------------------------------------------------------- helpers

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content, UTF_8);
    return file;
  }

  /** A new file under the name, by rename: a new inode, as uploads and PUT make. */
  private void replace(Path file, String content) throws IOException {
    Path next = dir.resolve(file.getFileName() + ".next");
    Files.writeString(next, content, UTF_8);
    Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** A new file under the name, by rename, with these bytes. */
  private void replace(Path file, byte[] content) throws IOException {
    Path next = dir.resolve(file.getFileName() + ".next");
    Files.write(next, content);
    Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] copy = new byte[buffer.remaining()];
    buffer.duplicate().get(copy);
    return copy;
  }

  /** One request for {@code file}: its look-up's attributes, its channel, its whole body. */
  private static String send(OpenFileCache cache, Path file) throws IOException {
    try (OpenContent open = cache.open(file, attributes(file))) {
      return read(open);
    }
  }

  private static BasicFileAttributes attributes(Path file) throws IOException {
    return Files.readAttributes(file, BasicFileAttributes.class);
  }

  private static String read(OpenContent open) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    WritableByteChannel target = Channels.newChannel(bytes);
    long position = 0;
    long size = open.size();
    while (position < size) {
      long n = open.transferTo(position, size - position, target);
      if (n <= 0) {
        break;
      }
      position += n;
    }
    return bytes.toString(UTF_8);
  }

  /** This process's descriptors open on {@code file}. */
  private static long descriptorsTo(Path file) {
    return openTargets().stream().filter(target -> target.equals(file.toString())).count();
  }

  /** This process's descriptors on files under {@code dir} that have been removed or replaced. */
  private List<String> deletedDescriptors() {
    return openTargets().stream()
        .filter(target -> target.startsWith(dir.toString()) && target.endsWith(" (deleted)"))
        .toList();
  }

  /** This process's mappings of {@code file} (the file under that name now). */
  private static long mappingsOf(Path file) {
    return mappedFiles().stream().filter(target -> target.equals(file.toString())).count();
  }

  /** This process's mappings of files under {@code dir} that have been removed or replaced. */
  private List<String> deletedMappings() {
    return mappedFiles().stream()
        .filter(target -> target.startsWith(dir.toString()) && target.endsWith(" (deleted)"))
        .toList();
  }

  /** The file of each mapping in {@code /proc/self/maps} (address, mode, offset, device, inode). */
  private static List<String> mappedFiles() {
    try {
      return Files.readAllLines(Path.of("/proc/self/maps")).stream()
          .map(line -> line.split("\\s+", 6))
          .filter(fields -> fields.length == 6 && fields[5].startsWith("/"))
          .map(fields -> fields[5])
          .toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> openTargets() {
    List<String> targets = new ArrayList<>();
    try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
      for (Path descriptor : descriptors) {
        try {
          targets.add(Files.readSymbolicLink(descriptor).toString());
        } catch (IOException e) {
          // closed while listing
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return targets;
  }
}
