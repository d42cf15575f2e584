package dev.mtserver.benchmarks;

import dev.mtserver.http.codec.multipart.MultipartLimits;
import dev.mtserver.http.codec.multipart.MultipartPart;
import dev.mtserver.http.codec.multipart.MultipartReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
 * One 100 MB file part streamed through {@link MultipartReader}, as an upload would: the body
 * arrives in 64 KiB reads (like a socket) and the part is drained either with {@code transferTo}
 * (what the upload store does: no copy out of the reader's buffer) or with {@code read} into a 16
 * KiB array. One operation is the whole 100 MB body, so MB/s = ops/s x 100.
 *
 * <p>{@code content=random} is binary data; {@code content=text} is ASCII text whose letters are
 * the boundary's own, the harder case for the Boyer-Moore-Horspool search (shorter skips).
 *
 * <pre>java -jar mtserver-benchmarks/target/benchmarks.jar MultipartParse -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class MultipartParseBenchmark {

  static final int PART_BYTES = 100_000_000;
  static final String BOUNDARY = "----WebKitFormBoundary7MA4YWxkTrZu0gW";

  @Param({"random", "text"})
  public String content;

  private byte[] body;
  private final byte[] readBuffer = new byte[16 * 1024];

  @Setup(Level.Trial)
  public void makeBody() {
    byte[] head =
        ("--"
                + BOUNDARY
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);
    byte[] tail = ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.ISO_8859_1);
    body = new byte[head.length + PART_BYTES + tail.length];
    System.arraycopy(head, 0, body, 0, head.length);
    SplittableRandom random = new SplittableRandom(7);
    if (content.equals("random")) {
      byte[] part = new byte[PART_BYTES];
      random.nextBytes(part);
      System.arraycopy(part, 0, body, head.length, PART_BYTES);
    } else {
      String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -\r\n";
      for (int i = 0; i < PART_BYTES; i++) {
        body[head.length + i] = (byte) alphabet.charAt(random.nextInt(alphabet.length()));
      }
    }
    System.arraycopy(tail, 0, body, head.length + PART_BYTES, tail.length);
  }

  @Benchmark
  public long transferTo(Blackhole blackhole) throws IOException {
    MultipartReader reader =
        new MultipartReader(new SocketLikeStream(body), BOUNDARY, MultipartLimits.defaults());
    MultipartPart part = reader.nextPart();
    long n = part.body().transferTo(new ConsumingStream(blackhole));
    if (n != PART_BYTES || reader.nextPart() != null) {
      throw new IllegalStateException("parsed " + n + " bytes");
    }
    return n;
  }

  @Benchmark
  public long readIntoArray(Blackhole blackhole) throws IOException {
    MultipartReader reader =
        new MultipartReader(new SocketLikeStream(body), BOUNDARY, MultipartLimits.defaults());
    InputStream in = reader.nextPart().body();
    long total = 0;
    int n;
    while ((n = in.read(readBuffer, 0, readBuffer.length)) != -1) {
      blackhole.consume(readBuffer[n - 1]);
      total += n;
    }
    if (total != PART_BYTES) {
      throw new IllegalStateException("parsed " + total + " bytes");
    }
    return total;
  }

  /** Hands out at most 64 KiB per read, without locking, like a socket's input. */
  static final class SocketLikeStream extends InputStream {
    private final byte[] bytes;
    private int position;

    SocketLikeStream(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public int read() {
      return position < bytes.length ? bytes[position++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position >= bytes.length) {
        return -1;
      }
      int n = Math.min(Math.min(len, 64 * 1024), bytes.length - position);
      System.arraycopy(bytes, position, b, off, n);
      position += n;
      return n;
    }
  }

  /** A sink the JIT cannot prove useless: it hands the last byte of each write to the blackhole. */
  static final class ConsumingStream extends OutputStream {
    private final Blackhole blackhole;

    ConsumingStream(Blackhole blackhole) {
      this.blackhole = blackhole;
    }

    @Override
    public void write(int b) {
      blackhole.consume(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      blackhole.consume(b[off + len - 1]);
    }
  }
}
