package dev.mtserver.app.upload;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.MtServer;
import dev.mtserver.app.testing.RawHttpClient;
import dev.mtserver.app.testing.RunningJar;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outcome 5, and the crash-safety promise of the reliability issue: the real server, killed with
 * SIGKILL in the middle of 20 concurrent uploads and a stream of form posts, then started again on
 * the same directories. Every upload is complete under its final name (byte for byte, by SHA-256)
 * or absent; no temporary file survives the restart; {@code submissions.jsonl} holds only whole
 * lines, one for every post and upload that was acknowledged, none twice.
 */
class CrashSafetyIT {

  private static final int UPLOADS = 20;
  private static final int UPLOAD_BYTES = 2 << 20;
  private static final int POSTERS = 3;
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  /** How long a raw client waits for each read: a server that hangs fails the test. */
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(15);

  @TempDir Path dir;

  /** What a client was told: only these are promised to survive. */
  private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();

  @Test
  void a_server_killed_mid_traffic_keeps_every_acknowledged_write_whole_and_nothing_half_done()
      throws Exception {
    Path downloads = dir.resolve("public/downloads");
    Path log = dir.resolve("data").resolve(MtServer.SUBMISSIONS_FILE);
    Map<String, byte[]> contents = new HashMap<>();
    for (int i = 0; i < UPLOADS; i++) {
      byte[] content = new byte[UPLOAD_BYTES];
      new SplittableRandom(i).nextBytes(content);
      contents.put(fileName(i), content);
    }

    try (RunningJar jar =
            RunningJar.start(dir, "--port", "0", "--root", "public", "--data", "data");
        ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
      URI url = jar.awaitUrl(PATIENCE);
      AtomicBoolean killed = new AtomicBoolean();
      CountDownLatch quickOnesDone = new CountDownLatch(UPLOADS / 2);
      List<Future<?>> work = new ArrayList<>();
      for (int i = 0; i < UPLOADS; i++) {
        int n = i;
        // even: sent at full speed and acknowledged before the kill; odd: still arriving when it
        // comes
        work.add(
            clients.submit(
                () ->
                    upload(url, n, contents.get(fileName(n)), n % 2 == 1, killed, quickOnesDone)));
      }
      for (int p = 0; p < POSTERS; p++) {
        int poster = p;
        work.add(clients.submit(() -> postForms(url, poster, killed)));
      }

      assertThat(quickOnesDone.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
      assertThat(
              UploadsDirectory.await(downloads, names -> temporary(names) == UPLOADS / 2, PATIENCE))
          .as("every slow upload is half-written when the kill comes")
          .isTrue();
      long posts = System.nanoTime();
      while (acknowledgedPosts() < 30 && System.nanoTime() - posts < PATIENCE.toNanos()) {
        Thread.sleep(10);
      }

      killed.set(true);
      jar.kill();
      jar.awaitExit(PATIENCE);
      for (Future<?> f : work) {
        f.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
      }
    }

    assertThat(UploadsDirectory.temporaryNames(downloads))
        .as("left by the killed server")
        .isNotEmpty();
    assertEveryUploadWholeOrAbsent(downloads, contents);

    try (RunningJar again =
        RunningJar.start(dir, "--port", "0", "--root", "public", "--data", "data")) {
      URI url = again.awaitUrl(PATIENCE);

      assertThat(UploadsDirectory.temporaryNames(downloads)).as("removed at start").isEmpty();
      assertEveryUploadWholeOrAbsent(downloads, contents);
      assertEveryAcknowledgedWriteLoggedOnceAndWhole(log);
      try (HttpClient http = HttpClient.newHttpClient()) {
        for (String name : UploadsDirectory.visibleNames(downloads)) {
          byte[] served =
              http.send(
                      HttpRequest.newBuilder(url.resolve("/downloads/" + name)).build(),
                      BodyHandlers.ofByteArray())
                  .body();
          assertThat(sha256(served)).as("served %s", name).isEqualTo(sha256(contents.get(name)));
        }
      }
      acknowledged.clear();
      upload(
          url,
          UPLOADS,
          contents.get(fileName(0)),
          false,
          new AtomicBoolean(),
          new CountDownLatch(1));
      assertThat(acknowledged).as("a new upload after the restart").contains("upload-" + UPLOADS);
    }
  }

  /** Every acknowledged upload is there; every file there is one of ours, byte for byte. */
  private void assertEveryUploadWholeOrAbsent(Path downloads, Map<String, byte[]> contents)
      throws IOException {
    List<String> visible = UploadsDirectory.visibleNames(downloads);
    assertThat(contents.keySet()).containsAll(visible);
    for (String name : visible) {
      assertThat(sha256(Files.readAllBytes(downloads.resolve(name))))
          .as(name)
          .isEqualTo(sha256(contents.get(name)));
    }
    for (int i = 0; i < UPLOADS; i++) {
      if (acknowledged.contains("upload-" + i)) {
        assertThat(visible).as("acknowledged upload %d", i).contains(fileName(i));
      }
    }
    for (int i = 1; i < UPLOADS; i += 2) {
      assertThat(visible)
          .as("an upload whose body never fully arrived")
          .doesNotContain(fileName(i));
    }
  }

  /** Whole JSON lines only; each acknowledged id exactly once; no id twice. */
  private void assertEveryAcknowledgedWriteLoggedOnceAndWhole(Path log) throws IOException {
    List<SubmissionLines.Line> lines = SubmissionLines.read(log); // fails on a torn or partial line
    Map<String, Integer> seen = new HashMap<>();
    for (SubmissionLines.Line line : lines) {
      for (String field : line.fields()) {
        if (field.startsWith("id=")) {
          seen.merge(field.substring(3), 1, Integer::sum);
        }
      }
    }
    assertThat(seen.values()).as("ids logged more than once").allMatch(count -> count == 1);
    assertThat(seen.keySet()).containsAll(acknowledged);
    assertThat(acknowledgedPosts()).isGreaterThanOrEqualTo(30);
  }

  private long acknowledgedPosts() {
    return acknowledged.stream().filter(id -> id.startsWith("post-")).count();
  }

  /**
   * One upload with its id in a text field. A slow one sends half its body at once and the rest in
   * small pieces until the kill cuts it off.
   */
  private Void upload(
      URI url, int n, byte[] content, boolean slow, AtomicBoolean killed, CountDownLatch done)
      throws Exception {
    String id = "upload-" + n;
    MultipartBody multipart =
        new MultipartBody().field("id", id).file("file", fileName(n), content);
    byte[] body = multipart.close();
    try (RawHttpClient http = RawHttpClient.connect(url, READ_TIMEOUT)) {
      http.send(
          RawHttpClient.request(
              "POST",
              "/upload",
              "Content-Type: " + multipart.contentType(),
              "Content-Length: " + body.length));
      if (!slow) {
        http.send(body);
        if (http.readPossiblyCutResponse().status() == 201) { // told, even if the kill cut the body
          acknowledged.add(id);
        }
        done.countDown();
        return null;
      }
      int sent = body.length / 2;
      http.send(Arrays.copyOf(body, sent));
      while (!killed.get() && sent < body.length - 1) { // never the last byte: it must not complete
        int piece = Math.min(4096, body.length - 1 - sent);
        http.send(Arrays.copyOfRange(body, sent, sent + piece));
        sent += piece;
        Thread.sleep(200);
      }
    } catch (IOException killedUnderUs) {
      // the server died: this upload was never acknowledged
    }
    return null;
  }

  /** Posts forms over one keep-alive connection after another until the server dies. */
  private Void postForms(URI url, int poster, AtomicBoolean killed) throws InterruptedException {
    for (int n = 0; !killed.get(); n++) {
      String id = "post-" + poster + "-" + n;
      byte[] form = ("id=" + id + "&note=" + "x".repeat(200 + n % 300)).getBytes(UTF_8);
      try (RawHttpClient http = RawHttpClient.connect(url, READ_TIMEOUT)) {
        http.send(
                RawHttpClient.request(
                    "POST",
                    "/form.html",
                    "Content-Type: application/x-www-form-urlencoded",
                    "Content-Length: " + form.length,
                    "Connection: close"))
            .send(form);
        if (http.readPossiblyCutResponse().status() == 200) { // told, even if the kill cut the body
          acknowledged.add(id);
        }
      } catch (IOException killedUnderUs) {
        return null;
      }
    }
    return null;
  }

  /** The uploads' temporary files, not the lock that stands for them all. */
  private static long temporary(List<String> names) {
    return names.stream().filter(name -> name.startsWith(".") && name.endsWith(".tmp")).count();
  }

  private static String fileName(int n) {
    return "crash-" + n + ".bin";
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
