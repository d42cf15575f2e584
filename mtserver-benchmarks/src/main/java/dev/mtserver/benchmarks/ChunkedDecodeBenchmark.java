package dev.mtserver.benchmarks;

import dev.mtserver.benchmarks.RequestParseBenchmark.RewindableInput;
import dev.mtserver.http.codec.ChunkedBodyStream;
import dev.mtserver.http.codec.HttpInput;
import dev.mtserver.http.codec.HttpLimits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One 1 MiB chunked request body decoded by {@link ChunkedBodyStream} through one connection's
 * {@link HttpInput} (16 KiB buffer), read into a 16 KiB array as a handler would. One operation is
 * the whole body, its last chunk and its trailers, so MiB/s = ops/s.
 *
 * <ul>
 *   <li>{@code chunks=large}: 64 chunks of 16 KiB, no extensions, no trailers — what curl and most
 *       clients send; the cost is the copy.
 *   <li>{@code chunks=small}: 16,384 chunks of 64 bytes, each line with a token and a quoted
 *       extension ({@code 40;sig=abc123;note="a \"b\""}), and two trailer fields: the framing
 *       parser (chunk-size, extension states, trailer field lines) is most of the work.
 * </ul>
 *
 * <pre>java -jar mtserver-benchmarks/target/benchmarks.jar ChunkedDecode -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ChunkedDecodeBenchmark {

  static final int BODY_BYTES = 1 << 20;

  @Param({"large", "small"})
  public String chunks;

  private RewindableInput bytes;
  private HttpInput input;
  private final HttpLimits limits = HttpLimits.defaults();
  private final byte[] readBuffer = new byte[16 * 1024];

  @Setup(Level.Trial)
  public void makeBody() {
    boolean small = chunks.equals("small");
    int chunkBytes = small ? 64 : 16 * 1024;
    byte[] data = new byte[chunkBytes];
    new SplittableRandom(11).nextBytes(data);
    ByteArrayOutputStream body = new ByteArrayOutputStream(BODY_BYTES + BODY_BYTES / 2);
    for (int sent = 0; sent < BODY_BYTES; sent += chunkBytes) {
      String line =
          Integer.toHexString(chunkBytes) + (small ? ";sig=abc123;note=\"a \\\"b\\\"\"" : "");
      body.writeBytes((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      body.writeBytes(data);
      body.writeBytes(new byte[] {'\r', '\n'});
    }
    String end =
        small
            ? "0\r\n"
                + "Server-Timing: total;dur=123.4\r\n"
                + "Digest: sha-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=\r\n\r\n"
            : "0\r\n\r\n";
    body.writeBytes(end.getBytes(StandardCharsets.ISO_8859_1));
    bytes = new RewindableInput(body.toByteArray());
    input = new HttpInput(bytes, 16 * 1024);
  }

  @Benchmark
  public long decode(Blackhole blackhole) throws IOException {
    bytes.rewind(); // the input's buffer is empty after the last body: it reads the bytes afresh
    ChunkedBodyStream body = new ChunkedBodyStream(input, limits);
    long total = 0;
    int n;
    while ((n = body.read(readBuffer, 0, readBuffer.length)) != -1) {
      blackhole.consume(readBuffer[n - 1]);
      total += n;
    }
    if (total != BODY_BYTES || !body.isComplete()) {
      throw new IllegalStateException("decoded " + total + " bytes");
    }
    return total;
  }
}
