package dev.mtserver.app.staticcontent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.testing.RawHttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 9110 §14 over real sockets, for a small file (served from memory) and a large one (served
 * from disk with sendfile): single ranges, multipart/byteranges, 416 and If-Range.
 */
class RangeRequestsIT {

  @TempDir static Path dir;
  static TestSite site;
  static byte[] large;
  static byte[] medium; // mapped by the open-file cache: its ranges are slices of the mapping
  static final String SMALL = "0123456789abcdefghijklmnopqrstuvwxyz";

  @BeforeAll
  static void start() throws Exception {
    site = new TestSite(dir);
    site.file("small.txt", SMALL);
    large = new byte[1_000_000];
    for (int i = 0; i < large.length; i++) {
      large[i] = (byte) (i % 251);
    }
    site.file("large.bin", large);
    medium = Arrays.copyOfRange(large, 7, 100_007);
    site.file("medium.bin", medium);
    site.start();
  }

  @AfterAll
  static void stop() throws Exception {
    site.close();
  }

  private static byte[] whole(String path) {
    return switch (path) {
      case "/small.txt" -> SMALL.getBytes(StandardCharsets.US_ASCII);
      case "/medium.bin" -> medium;
      default -> large;
    };
  }

  private static byte[] slice(byte[] bytes, long first, long last) {
    return Arrays.copyOfRange(bytes, (int) first, (int) last + 1);
  }

  @ParameterizedTest(name = "{0}: {1} -> {2}-{3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/small.txt | bytes=0-9         | 0      | 9",
        "/small.txt | bytes=10-         | 10     | 35",
        "/small.txt | bytes=-5          | 31     | 35",
        "/small.txt | bytes=30-1000     | 30     | 35",
        "/small.txt | bytes=-1000       | 0      | 35",
        "/large.bin | bytes=0-0         | 0      | 0",
        "/large.bin | bytes=500000-600000 | 500000 | 600000",
        "/large.bin | bytes=999990-     | 999990 | 999999",
        "/large.bin | bytes=-100        | 999900 | 999999",
        "/medium.bin | bytes=20000-29999 | 20000 | 29999",
        "/medium.bin | bytes=-7         | 99993  | 99999",
        "/medium.bin | bytes=0-          | 0      | 99999",
      })
  void a_single_range_is_206_with_content_range(String path, String range, long first, long last)
      throws Exception {
    byte[] whole = whole(path);

    RawHttpClient.Response response = site.raw("GET", path, "Range: " + range);

    assertThat(response.status()).isEqualTo(206);
    assertThat(response.header("Content-Range"))
        .contains("bytes " + first + "-" + last + "/" + whole.length);
    assertThat(response.header("Content-Length")).contains(Long.toString(last - first + 1));
    assertThat(response.body()).isEqualTo(slice(whole, first, last));
    assertThat(response.header("Accept-Ranges")).contains("bytes");
    assertThat(response.header("ETag")).isPresent();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/small.txt", "/medium.bin", "/large.bin"})
  void several_ranges_are_multipart_byteranges_streamed_from_the_file(String path)
      throws Exception {
    byte[] whole = whole(path);
    String type =
        path.equals("/small.txt") ? "text/plain; charset=utf-8" : "application/octet-stream";

    RawHttpClient.Response response = site.raw("GET", path, "Range: bytes=0-4, 20-24, -3");

    assertThat(response.status()).isEqualTo(206);
    String contentType = response.header("Content-Type").orElseThrow();
    assertThat(contentType).startsWith("multipart/byteranges; boundary=");
    String boundary = contentType.substring("multipart/byteranges; boundary=".length());
    int size = whole.length;
    String expected =
        "--"
            + boundary
            + "\r\nContent-Type: "
            + type
            + "\r\nContent-Range: bytes 0-4/"
            + size
            + "\r\n\r\n"
            + latin1(slice(whole, 0, 4))
            + "\r\n--"
            + boundary
            + "\r\nContent-Type: "
            + type
            + "\r\nContent-Range: bytes 20-24/"
            + size
            + "\r\n\r\n"
            + latin1(slice(whole, 20, 24))
            + "\r\n--"
            + boundary
            + "\r\nContent-Type: "
            + type
            + "\r\nContent-Range: bytes "
            + (size - 3)
            + "-"
            + (size - 1)
            + "/"
            + size
            + "\r\n\r\n"
            + latin1(slice(whole, size - 3, size - 1))
            + "\r\n--"
            + boundary
            + "--\r\n";
    assertThat(latin1(response.body())).isEqualTo(expected);
    assertThat(response.header("Content-Length")).contains(Integer.toString(expected.length()));
    assertThat(response.header("Content-Range")).isEmpty();
  }

  private static String latin1(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bytes=0-10, 5-15", "bytes=0-, 0-", "bytes=0-0,0-0,0-0"})
  void overlapping_ranges_get_the_whole_file(String range) throws Exception {
    RawHttpClient.Response response = site.raw("GET", "/small.txt", "Range: " + range);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.bodyText()).isEqualTo(SMALL);
  }

  @Test
  void too_many_ranges_get_the_whole_file() throws Exception {
    StringBuilder range = new StringBuilder("bytes=");
    for (int i = 0; i < 100; i++) {
      range.append(i == 0 ? "" : ",").append(i * 10).append('-').append(i * 10 + 1);
    }

    RawHttpClient.Response response = site.raw("GET", "/large.bin", "Range: " + range);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).hasSize(large.length);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bytes=36-", "bytes=1000-2000", "bytes=-0", "bytes=36-, 99-"})
  void an_unsatisfiable_range_is_416_with_the_size(String range) throws Exception {
    RawHttpClient.Response response = site.raw("GET", "/small.txt", "Range: " + range);

    assertThat(response.status()).isEqualTo(416);
    assertThat(response.header("Content-Range")).contains("bytes */36");
    assertThat(response.bodyText()).doesNotContain(SMALL);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bytes=5-1", "bytes=abc", "lines=1-2", "bytes=", "bytes 0-1"})
  void a_malformed_or_foreign_range_is_ignored(String range) throws Exception {
    RawHttpClient.Response response = site.raw("GET", "/small.txt", "Range: " + range);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.bodyText()).isEqualTo(SMALL);
  }

  @Test
  void if_range_with_the_current_etag_or_date_keeps_the_range() throws Exception {
    RawHttpClient.Response plain = site.raw("GET", "/large.bin");
    String etag = plain.header("ETag").orElseThrow();
    String date = plain.header("Last-Modified").orElseThrow();

    assertThat(site.raw("GET", "/large.bin", "Range: bytes=0-9", "If-Range: " + etag).status())
        .isEqualTo(206);
    assertThat(site.raw("GET", "/large.bin", "Range: bytes=0-9", "If-Range: " + date).status())
        .isEqualTo(206);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"\"stale\"", "Wed, 31 Dec 2025 10:00:00 GMT", "W/\"weak\""})
  void if_range_with_a_stale_validator_gets_the_whole_file(String validator) throws Exception {
    RawHttpClient.Response response =
        site.raw("GET", "/large.bin", "Range: bytes=0-9", "If-Range: " + validator);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).hasSize(large.length);
  }

  @Test
  void head_with_a_range_has_the_headers_of_get_with_that_range() throws Exception {
    RawHttpClient.Response get = site.raw("GET", "/large.bin", "Range: bytes=10-19");
    RawHttpClient.Response head = site.raw("HEAD", "/large.bin", "Range: bytes=10-19");

    assertThat(head.status()).isEqualTo(206);
    assertThat(head.header("Content-Range")).isEqualTo(get.header("Content-Range"));
    assertThat(head.header("Content-Length")).isEqualTo(get.header("Content-Length"));
    assertThat(head.body()).isEmpty();
  }

  @Test
  void a_precondition_is_decided_before_the_range() throws Exception {
    String etag = site.raw("GET", "/small.txt").header("ETag").orElseThrow();

    RawHttpClient.Response response =
        site.raw("GET", "/small.txt", "Range: bytes=0-1", "If-None-Match: " + etag);

    assertThat(response.status()).isEqualTo(304);
  }
}
