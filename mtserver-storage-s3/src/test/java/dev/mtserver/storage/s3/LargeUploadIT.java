package dev.mtserver.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.base.Splitter;
import dev.mtserver.storage.s3.testing.S3ProxyServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 1 GiB upload through the domain's upload service into the object store, in a JVM of its own
 * with {@code -Xmx64m}: it passes only if the file streams through in parts and is never held
 * whole. The store (S3Proxy on disk) runs here; the stored object is read back and compared by
 * SHA-256. (The same through the real jar and HTTP comes with the wiring, issue 15 part 2.)
 */
class LargeUploadIT {

  private static final long SIZE = Long.getLong("mtserver.largeUpload.bytes", 1L << 30);

  @Test
  void a_gigabyte_streams_into_the_store_with_a_64_mib_heap(@TempDir Path objects)
      throws Exception {
    try (S3ProxyServer server = S3ProxyServer.onDisk(objects)) {
      server.createBucket("large-bucket");
      long start = System.nanoTime();

      List<String> output = runWithSmallHeap(server, "s3://large-bucket/downloads/");
      double seconds = (System.nanoTime() - start) / 1e9;

      String stored =
          output.stream()
              .filter(line -> line.startsWith("STORED "))
              .findFirst()
              .orElseThrow(
                  () ->
                      new AssertionError(
                          "the upload did not finish:\n" + String.join("\n", output)));
      List<String> fields = Splitter.on(' ').splitToList(stored);
      assertThat(fields.get(1)).isEqualTo("large.bin");
      assertThat(Long.parseLong(fields.get(2))).isEqualTo(SIZE);
      assertThat(Long.parseLong(fields.get(4).substring(8))).isLessThanOrEqualTo(64L << 20);
      assertThat(readBackDigest(server)).isEqualTo(fields.get(3));
      System.out.printf(
          "LargeUploadIT: %d MiB in %.1f s (%.0f MiB/s), heap %s%n",
          SIZE >> 20, seconds, (SIZE >> 20) / seconds, fields.get(4));
    }
  }

  private static List<String> runWithSmallHeap(S3ProxyServer server, String location)
      throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "-Xmx64m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                LargeUploadMain.class.getName(),
                server.endpoint().toString(),
                location,
                Long.toString(SIZE)));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> lines = new ArrayList<>();
    try (var reader = process.inputReader(StandardCharsets.UTF_8)) {
      reader.lines().forEach(lines::add);
    }
    boolean ended = process.waitFor(5, TimeUnit.MINUTES);
    if (!ended) {
      process.destroyForcibly();
    }
    assertThat(ended).as("the upload ended").isTrue();
    assertThat(process.exitValue()).as(String.join("\n", lines)).isZero();
    return lines;
  }

  private static String readBackDigest(S3ProxyServer server) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    try (S3Connection store =
            S3Connection.open(TestStores.config(server.endpoint()), TestStores.TIMER_THREADS);
        InputStream in =
            store.client().getObject(b -> b.bucket("large-bucket").key("downloads/large.bin"))) {
      byte[] buffer = new byte[1 << 16];
      int n;
      while ((n = in.read(buffer)) > 0) {
        sha.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new AssertionError("reading the stored object back failed", e);
    }
    return HexFormat.of().formatHex(sha.digest());
  }
}
