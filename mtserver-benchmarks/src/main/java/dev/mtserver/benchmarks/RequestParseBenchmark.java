package dev.mtserver.benchmarks;

import dev.mtserver.http.codec.BodyFraming;
import dev.mtserver.http.codec.HttpInput;
import dev.mtserver.http.codec.HttpLimits;
import dev.mtserver.http.codec.HttpProtocolException;
import dev.mtserver.http.codec.RequestHead;
import dev.mtserver.http.codec.RequestHeadParser;
import dev.mtserver.http.target.HostHeader;
import dev.mtserver.http.target.RequestTarget;
import dev.mtserver.http.target.RequestTargetParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Parsing a typical browser request (a Chrome navigation with 20 header fields, 1 KB) from bytes,
 * the way one connection does it: one {@link HttpInput} and one {@link RequestHeadParser} reused
 * for request after request.
 *
 * <ul>
 *   <li>{@code parseHead}: request line and header block only.
 *   <li>{@code parseAndPrepare}: everything the connection loop does before it calls a handler: the
 *       head, body framing, the {@code Host} check, the request-target decoded to a {@code
 *       SitePath}, and the keep-alive decision.
 * </ul>
 *
 * <p>Run: {@code java -jar mtserver-benchmarks/target/benchmarks.jar RequestParseBenchmark -f 1 -wi
 * 2 -i 3 -prof gc}; results and the machine they came from go in {@code docs/benchmarks.md}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RequestParseBenchmark {

  static final String BROWSER_REQUEST =
      String.join(
          "\r\n",
          "GET /docs/getting-started.html?utm_source=newsletter&utm_medium=email HTTP/1.1",
          "Host: www.example.com",
          "Connection: keep-alive",
          "Cache-Control: max-age=0",
          "sec-ch-ua: \"Chromium\";v=\"124\", \"Google Chrome\";v=\"124\","
              + " \"Not-A.Brand\";v=\"99\"",
          "sec-ch-ua-mobile: ?0",
          "sec-ch-ua-platform: \"Linux\"",
          "Upgrade-Insecure-Requests: 1",
          "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
              + "Chrome/124.0.0.0 Safari/537.36",
          "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,"
              + "image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7",
          "Sec-Fetch-Site: same-origin",
          "Sec-Fetch-Mode: navigate",
          "Sec-Fetch-User: ?1",
          "Sec-Fetch-Dest: document",
          "Referer: https://www.example.com/docs/",
          "Accept-Encoding: gzip, deflate, br, zstd",
          "Accept-Language: en-GB,en-US;q=0.9,en;q=0.8,de;q=0.7",
          "Cookie: session=4f9c2a7e1b3d5f60; theme=dark; _ga=GA1.1.123456789.1700000000",
          "If-None-Match: \"5f3c-18f2b7c1a40\"",
          "If-Modified-Since: Tue, 21 May 2024 10:00:00 GMT",
          "Priority: u=0, i",
          "",
          "");

  private final RewindableInput bytes =
      new RewindableInput(BROWSER_REQUEST.getBytes(StandardCharsets.ISO_8859_1));
  private HttpInput input;
  private RequestHeadParser parser;

  /**
   * The input buffer's first size: 16384 is the fixed buffer the engine had before issue 17, 2048
   * the engine's now (growing to 16 KiB once a read fills it; this request never does).
   */
  @Param({"16384", "2048"})
  public int firstBufferBytes;

  @Setup(Level.Trial)
  public void setUp() {
    input = new HttpInput(bytes, firstBufferBytes, 16 * 1024);
    parser = new RequestHeadParser(HttpLimits.defaults());
  }

  @Benchmark
  public RequestHead parseHead() throws IOException, HttpProtocolException {
    bytes.rewind();
    return parser.parse(input);
  }

  @Benchmark
  public void parseAndPrepare(Blackhole blackhole) throws IOException, HttpProtocolException {
    bytes.rewind();
    RequestHead head = parser.parse(input);
    BodyFraming framing = BodyFraming.of(head);
    HostHeader.check(head);
    RequestTarget target = RequestTargetParser.parse(head.method(), head.target());
    blackhole.consume(framing);
    blackhole.consume(target.path());
    blackhole.consume(head.fields().containsToken("Connection", "close"));
  }

  /** The same bytes again and again, without allocating a stream per request. */
  static final class RewindableInput extends InputStream {
    private final byte[] bytes;
    private int position;

    RewindableInput(byte[] bytes) {
      this.bytes = bytes;
    }

    void rewind() {
      position = 0;
    }

    @Override
    public int read() {
      return position < bytes.length ? bytes[position++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position == bytes.length) {
        return -1;
      }
      int n = Math.min(len, bytes.length - position);
      System.arraycopy(bytes, position, b, off, n);
      position += n;
      return n;
    }
  }
}
