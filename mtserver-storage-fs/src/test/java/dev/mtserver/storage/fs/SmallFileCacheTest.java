package dev.mtserver.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmallFileCacheTest {

  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  @TempDir Path dir;
  private final SmallFileCache cache =
      new SmallFileCache(64, 8192, Clock.fixed(NOW, ZoneOffset.UTC));

  private Path file(String name, String content, Instant modified) throws IOException {
    Path path = Files.writeString(dir.resolve(name), content);
    Files.setLastModifiedTime(path, FileTime.from(modified));
    return path;
  }

  private static BasicFileAttributes attributes(Path path) throws IOException {
    return Files.readAttributes(path, BasicFileAttributes.class);
  }

  @Test
  void a_small_settled_file_is_read_once_and_then_served_from_memory() throws IOException {
    Path path = file("a.txt", "hello", NOW.minusSeconds(60));

    byte[] first = cache.content(path, attributes(path)).orElseThrow();
    byte[] second = cache.content(path, attributes(path)).orElseThrow();

    assertThat(first).asString().isEqualTo("hello");
    assertThat(second).isSameAs(first);
    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  void an_edited_file_is_read_again() throws IOException {
    Path path = file("a.txt", "hello", NOW.minusSeconds(60));
    cache.content(path, attributes(path));

    file("a.txt", "HELLO", NOW.minusSeconds(30)); // same size, new time

    assertThat(cache.content(path, attributes(path)).orElseThrow()).asString().isEqualTo("HELLO");
  }

  @Test
  void a_replaced_file_is_read_again_even_with_the_same_size_and_time() throws IOException {
    Path path = file("a.txt", "hello", NOW.minusSeconds(60));
    cache.content(path, attributes(path));

    Path replacement = file("b.txt", "HELLO", NOW.minusSeconds(60));
    Files.move(replacement, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING); // new inode

    assertThat(cache.content(path, attributes(path)).orElseThrow()).asString().isEqualTo("HELLO");
  }

  @Test
  void a_file_modified_just_now_is_not_cached() throws IOException {
    Path path = file("fresh.txt", "hello", NOW.minusMillis(500));

    assertThat(cache.content(path, attributes(path))).isEmpty();
    assertThat(cache.size()).isZero();
  }

  @Test
  void a_large_file_is_not_cached() throws IOException {
    Path path = file("big.txt", "x".repeat(65), NOW.minusSeconds(60));

    assertThat(cache.content(path, attributes(path))).isEmpty();
  }

  @Test
  void stale_attributes_never_get_bytes_of_another_size() throws IOException {
    Path path = file("a.txt", "hello", NOW.minusSeconds(60));
    BasicFileAttributes before = attributes(path);
    file("a.txt", "hello, world", NOW.minusSeconds(60));

    assertThat(cache.content(path, before)).isEmpty();
  }

  @Test
  void the_total_stays_bounded() throws IOException {
    for (int i = 0; i < 100; i++) {
      Path path = file("f" + i, "x".repeat(60), NOW.minusSeconds(60));
      cache.content(path, attributes(path));
    }

    // each entry weighs its 60 bytes plus bookkeeping; 100 of them cannot fit in 8 KiB
    assertThat(cache.size()).isPositive().isLessThan(8192 / 60);
    assertThat(cache.totalBytes()).isLessThanOrEqualTo(8192);
  }

  @Test
  void a_file_used_since_the_last_sweep_survives_it() throws IOException {
    Path hot = file("hot", "h".repeat(60), NOW.minusSeconds(60));
    byte[] before = cache.content(hot, attributes(hot)).orElseThrow();
    for (int i = 0; i < 100; i++) {
      cache.content(hot, attributes(hot)); // keeps its reference bit set
      Path cold = file("cold" + i, "c".repeat(60), NOW.minusSeconds(60));
      cache.content(cold, attributes(cold));
    }

    assertThat(cache.content(hot, attributes(hot)).orElseThrow()).isSameAs(before);
  }

  @Test
  void a_disabled_cache_holds_nothing() throws IOException {
    Path path = file("a.txt", "hello", NOW.minusSeconds(60));

    assertThat(SmallFileCache.disabled().content(path, attributes(path))).isEmpty();
  }
}
