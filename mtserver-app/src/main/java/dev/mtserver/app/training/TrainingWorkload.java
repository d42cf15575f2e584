package dev.mtserver.app.training;

import dev.mtserver.threads.ThreadSource;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The requests of the training run, in the shapes a server meets most: {@code wrk}'s kept-alive
 * connections (a {@code Host} and nothing else), {@code ab}'s HTTP/1.0 connection per request,
 * {@code curl}'s HTTP/1.1 connection per download, and a browser's visit (compressed, conditional
 * and partial requests, a {@code HEAD}, a missing file, a directory), two clients at a time where
 * the tools would run many.
 *
 * <p>Why these: C2 compiles a method for the branches its profile saw taken, and a request of a
 * shape the profile never saw (an {@code Accept} header, a closing HTTP/1.0 connection) sends the
 * method back to the interpreter. Trained on every shape, the cached profiles have seen them all.
 * The counts are enough for the JIT to profile every shape (it starts at 600 calls with the
 * launcher's {@code -XX:CompileThresholdScaling=3}), and four in five requests are kept-alive, as
 * most are: with half of them kept-alive, a trained server's first seconds of kept-alive load were
 * slower than an untrained one's (docs/benchmarks.md, seventeenth session). About 15,000 requests,
 * a few seconds.
 */
public final class TrainingWorkload {

  /** The requests made, and the first answered otherwise than expected, if any. */
  public record Result(long requests, Optional<String> unexpected) {}

  private static final String WRK = "";
  private static final String AB = "User-Agent: ApacheBench/2.3\r\nAccept: */*\r\n";
  private static final String CURL = "User-Agent: curl/7.88.1\r\nAccept: */*\r\n";
  private static final String BROWSER =
      "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\r\n"
          + "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"
          + "Accept-Language: en-US,en;q=0.5\r\n"
          + "Accept-Encoding: gzip, deflate, br, zstd\r\n"
          + "Connection: keep-alive\r\n";

  private final InetSocketAddress server;
  private final ThreadSource threads;

  /** The browser's revalidation of the style sheet, which the server answers with 304. */
  private final String ifModifiedSince;

  private final AtomicLong requests = new AtomicLong();
  private final AtomicReference<String> unexpected = new AtomicReference<>();

  private TrainingWorkload(InetSocketAddress server, TrainingSite site, ThreadSource threads)
      throws IOException {
    this.server = server;
    this.threads = threads;
    this.ifModifiedSince = "If-Modified-Since: " + site.lastModified(TrainingSite.SMALL) + "\r\n";
  }

  /**
   * Makes the training requests to {@code server}, which serves {@code site}, with client threads
   * from {@code threads}.
   *
   * @throws IOException if a connection or a response fails
   */
  public static Result run(InetSocketAddress server, TrainingSite site, ThreadSource threads)
      throws IOException, InterruptedException {
    TrainingWorkload workload = new TrainingWorkload(server, site, threads);
    workload.inParallel(
        2,
        () -> {
          workload.keptAlive(TrainingSite.SMALL, 5_000);
          workload.keptAlive(TrainingSite.MEDIUM, 1_000);
        });
    workload.inParallel(
        2,
        () -> {
          for (int i = 0; i < 1_000; i++) {
            workload.once("GET", TrainingSite.SMALL, "HTTP/1.0", AB, Set.of(200));
          }
        });
    for (int i = 0; i < 150; i++) {
      workload.once("GET", TrainingSite.LARGE, "HTTP/1.1", CURL, Set.of(200));
      workload.once("GET", TrainingSite.SMALL, "HTTP/1.1", CURL, Set.of(200));
    }
    for (int i = 0; i < 100; i++) {
      workload.browserVisit();
    }
    return new Result(workload.requests.get(), Optional.ofNullable(workload.unexpected.get()));
  }

  /** As {@code wrk}: {@code count} requests on one kept-alive connection. */
  private void keptAlive(String path, int count) throws IOException {
    try (TrainingClient client = TrainingClient.connect(server)) {
      for (int i = 0; i < count; i++) {
        expect(client, "GET", path, "HTTP/1.1", WRK, Set.of(200));
      }
    }
  }

  /** A connection for one request, closed after the response (as {@code ab} and {@code curl}). */
  private void once(String method, String path, String version, String headers, Set<Integer> ok)
      throws IOException {
    try (TrainingClient client = TrainingClient.connect(server)) {
      expect(client, method, path, version, headers, ok);
    }
  }

  /** As a browser: a page and what follows it, on one kept-alive connection. */
  private void browserVisit() throws IOException {
    try (TrainingClient client = TrainingClient.connect(server)) {
      expect(client, "GET", "/", "HTTP/1.1", BROWSER, Set.of(200));
      expect(client, "GET", TrainingSite.PAGE, "HTTP/1.1", BROWSER, Set.of(200));
      expect(client, "GET", TrainingSite.SMALL, "HTTP/1.1", BROWSER, Set.of(200));
      expect(client, "GET", TrainingSite.SMALL, "HTTP/1.1", BROWSER + ifModifiedSince, Set.of(304));
      expect(
          client,
          "GET",
          TrainingSite.MEDIUM,
          "HTTP/1.1",
          BROWSER + "Range: bytes=0-1023\r\n",
          Set.of(206));
      expect(client, "HEAD", TrainingSite.LARGE, "HTTP/1.1", BROWSER, Set.of(200));
      expect(client, "GET", "/missing.html", "HTTP/1.1", BROWSER, Set.of(404));
      // a listing when --directory-listing is on, else refused: either is the server's answer
      expect(client, "GET", TrainingSite.DIRECTORY, "HTTP/1.1", BROWSER, Set.of(200, 403, 404));
    }
  }

  private void expect(
      TrainingClient client,
      String method,
      String path,
      String version,
      String headers,
      Set<Integer> ok)
      throws IOException {
    int status = client.exchange(method, path, version, headers);
    requests.incrementAndGet();
    if (!ok.contains(status)) {
      var unused =
          unexpected.compareAndSet(
              null, method + " " + path + " " + version + " answered " + status);
    }
  }

  private interface ClientTask {
    void run() throws IOException;
  }

  /** Runs {@code task} on {@code clients} threads at once and waits for them all. */
  private void inParallel(int clients, ClientTask task) throws IOException, InterruptedException {
    AtomicReference<IOException> failure = new AtomicReference<>();
    List<Thread> running = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      Thread thread =
          threads.thread(
              "mtserver-training-client-" + i,
              () -> {
                try {
                  task.run();
                } catch (IOException e) {
                  var unused = failure.compareAndSet(null, e);
                }
              });
      thread.start();
      running.add(thread);
    }
    for (Thread thread : running) {
      thread.join();
    }
    if (failure.get() != null) {
      throw failure.get();
    }
  }
}
