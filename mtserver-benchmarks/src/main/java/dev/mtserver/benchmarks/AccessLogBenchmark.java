package dev.mtserver.benchmarks;

import dev.mtserver.app.ops.AccessLog;
import dev.mtserver.app.ops.AccessLogFormat;
import dev.mtserver.app.ops.AccessLogTarget;
import dev.mtserver.http.codec.HttpVersion;
import dev.mtserver.http.engine.CompletedExchange;
import dev.mtserver.threads.ThreadSource;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * The access log's two costs, measured apart:
 *
 * <ul>
 *   <li>{@code format}: one line formatted on the writer's thread (what a worker never pays);
 *   <li>{@code handOver}: what a worker pays per request, two workers at once, with the writer
 *       writing every line to {@code /dev/null}. When the writer cannot keep up the queue fills and
 *       workers wait, so this is also the pipeline's sustained rate.
 * </ul>
 *
 * <p>Run: {@code java -jar mtserver-benchmarks/target/benchmarks.jar AccessLogBenchmark -f 1 -wi 2
 * -i 3 -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AccessLogBenchmark {

  private final CompletedExchange exchange =
      new CompletedExchange(
          new InetSocketAddress("203.0.113.9", 52311),
          "GET",
          "/docs/getting-started.html?utm_source=newsletter&utm_medium=email",
          HttpVersion.HTTP_1_1,
          200,
          18342,
          "https://www.example.com/",
          "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
              + "Chrome/124.0.0.0 Safari/537.36",
          System.currentTimeMillis(),
          1_234_567);

  private AccessLog log;

  @Setup
  public void open() throws IOException {
    log = AccessLog.open(new AccessLogTarget.ToFile(Path.of("/dev/null")), new ThreadSource());
  }

  @TearDown
  public void close() {
    log.close();
  }

  /** The writer thread's formatter, alone. */
  @State(Scope.Thread)
  public static class Formatter {
    final AccessLogFormat format = new AccessLogFormat(ZoneId.systemDefault());
    final StringBuilder line = new StringBuilder(256);
  }

  @Benchmark
  public int format(Formatter f) {
    f.line.setLength(0);
    f.format.appendTo(exchange, f.line);
    return f.line.length();
  }

  @Benchmark
  @Threads(2)
  public void handOver() {
    log.completed(exchange);
  }
}
