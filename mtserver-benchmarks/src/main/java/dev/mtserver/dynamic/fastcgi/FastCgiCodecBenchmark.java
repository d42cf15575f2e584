package dev.mtserver.dynamic.fastcgi;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What the FastCGI client does per request besides waiting, without a socket:
 *
 * <ul>
 *   <li>{@code encodeRequest}: the opening records of a GET ({@code FCGI_BEGIN_REQUEST}, 26 CGI/1.1
 *       variables as a browser's request gives them in {@code FCGI_PARAMS}, the ends of {@code
 *       FCGI_PARAMS} and {@code FCGI_STDIN}), as {@link RequestPrelude} writes them;
 *   <li>{@code decodeAnswer}: php-fpm's answer to it ({@code FCGI_STDOUT} with a 200-byte page and
 *       its header, the end of {@code FCGI_STDOUT}, {@code FCGI_END_REQUEST}) through {@link
 *       RecordReader}.
 * </ul>
 *
 * <p>In this package because the codec is package-private in {@code mtserver-dynamic-fastcgi}. Run:
 * {@code java -jar mtserver-benchmarks/target/benchmarks.jar FastCgiCodecBenchmark -f 1 -wi 3 -i 5
 * -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FastCgiCodecBenchmark {

  private final Map<String, String> params = browserGet();
  private final ByteBuffer answer = phpFpmAnswer();
  private final RequestPrelude prelude = new RequestPrelude();

  @Benchmark
  public int encodeRequest() {
    return prelude.opening(FastCgiExchange.REQUEST_ID, params, false).remaining();
  }

  @Benchmark
  public void decodeAnswer(Blackhole events) throws FastCgiProtocolException {
    ByteBuffer in = answer.duplicate();
    RecordReader reader = new RecordReader(FastCgiExchange.REQUEST_ID);
    RecordReader.Event event;
    while ((event = reader.next(in)) != null) {
      events.consume(event);
    }
  }

  private static Map<String, String> browserGet() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("GATEWAY_INTERFACE", "CGI/1.1");
    p.put("SERVER_SOFTWARE", "MTServer/0.1.0");
    p.put("SERVER_NAME", "www.example.com");
    p.put("SERVER_PORT", "443");
    p.put("SERVER_PROTOCOL", "HTTP/1.1");
    p.put("SERVER_ADDR", "203.0.113.1");
    p.put("REQUEST_METHOD", "GET");
    p.put("REQUEST_URI", "/wiki/doku.php?id=start&do=edit");
    p.put("SCRIPT_NAME", "/wiki/doku.php");
    p.put("SCRIPT_FILENAME", "/srv/www/wiki/doku.php");
    p.put("DOCUMENT_ROOT", "/srv/www");
    p.put("QUERY_STRING", "id=start&do=edit");
    p.put("REMOTE_ADDR", "198.51.100.23");
    p.put("REMOTE_PORT", "52311");
    p.put("REDIRECT_STATUS", "200");
    p.put("HTTPS", "on");
    p.put("HTTP_HOST", "www.example.com");
    p.put(
        "HTTP_USER_AGENT",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/124.0.0.0 Safari/537.36");
    p.put(
        "HTTP_ACCEPT",
        "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8");
    p.put("HTTP_ACCEPT_LANGUAGE", "en-GB,en;q=0.9,de;q=0.8");
    p.put("HTTP_ACCEPT_ENCODING", "gzip, deflate, br");
    p.put("HTTP_REFERER", "https://www.example.com/wiki/doku.php?id=start");
    p.put(
        "HTTP_COOKIE",
        "DokuWiki=5b1f0c3e9d2a4f6b8c7d1e2f3a4b5c6d; DW7fa065a06cb74b536c124cfbe56ac6d3=YWRtaW4");
    p.put("HTTP_CONNECTION", "keep-alive");
    p.put("HTTP_UPGRADE_INSECURE_REQUESTS", "1");
    p.put("HTTP_CACHE_CONTROL", "max-age=0");
    return p;
  }

  private static ByteBuffer phpFpmAnswer() {
    byte[] page =
        ("Content-Type: text/html; charset=utf-8\r\n\r\n" + "<p>hello</p>".repeat(17))
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    ByteBuffer out = ByteBuffer.allocate(1024);
    Records.putRecord(out, RecordType.STDOUT, FastCgiExchange.REQUEST_ID, page, 0, page.length);
    Records.putEndOfStream(out, RecordType.STDOUT, FastCgiExchange.REQUEST_ID);
    Records.putHeader(out, RecordType.END_REQUEST, FastCgiExchange.REQUEST_ID, 8, 0);
    out.putInt(0).put((byte) Records.REQUEST_COMPLETE).put(new byte[3]);
    return out.flip();
  }
}
