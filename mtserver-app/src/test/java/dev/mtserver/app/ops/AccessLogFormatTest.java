package dev.mtserver.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.http.codec.HttpVersion;
import dev.mtserver.http.engine.CompletedExchange;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The access-log line: NCSA combined plus the response time, and nothing a client can forge. */
class AccessLogFormatTest {

  private static final long WHEN =
      ZonedDateTime.of(2025, 10, 10, 13, 55, 36, 0, ZoneId.of("UTC")).toInstant().toEpochMilli();
  private final AccessLogFormat format = new AccessLogFormat(ZoneId.of("+02:00"));

  private static CompletedExchange exchange(
      String method,
      String target,
      String referer,
      String userAgent,
      int status,
      long bytes,
      long nanos) {
    return new CompletedExchange(
        new InetSocketAddress(loopback(), 51000),
        method,
        target,
        method == null ? null : HttpVersion.HTTP_1_1,
        status,
        bytes,
        referer,
        userAgent,
        WHEN,
        nanos);
  }

  private static InetAddress loopback() {
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void a_request_is_one_line_in_the_combined_format_with_the_response_time() {
    String line =
        format.format(
            exchange("GET", "/a.png?x=1", "http://host/", "curl/8.5.0", 200, 2326, 2_345_678));

    assertThat(line)
        .isEqualTo(
            "127.0.0.1 - - [10/Oct/2025:15:55:36 +0200] \"GET /a.png?x=1 HTTP/1.1\" 200 2326"
                + " \"http://host/\" \"curl/8.5.0\" 0.002\n");
  }

  @Test
  void missing_referer_and_user_agent_are_dashes() {
    String line = format.format(exchange("HEAD", "/", null, "", 304, 0, 0));

    assertThat(line).endsWith("\"HEAD / HTTP/1.1\" 304 0 \"-\" \"-\" 0.000\n");
  }

  @ParameterizedTest(name = "{0} s")
  @CsvSource({
    "0, 0.000",
    "999999, 0.000",
    "1000000, 0.001",
    "45678901, 0.045",
    "1234567890, 1.234",
    "12005000000, 12.005",
    "-5, 0.000"
  })
  void the_response_time_is_seconds_with_milliseconds(long nanos, String seconds) {
    String line = format.format(exchange("GET", "/", null, null, 200, 0, nanos));

    assertThat(line).endsWith(" " + seconds + "\n");
  }

  /** Each row: a hostile value, and how it must appear between the quotes. */
  @ParameterizedTest(name = "[{index}] {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        "'say \"hi\"'|'say \\x22hi\\x22'|a double quote cannot close the field",
        "'a\\b'|'a\\x5Cb'|a backslash cannot start an escape",
        "'x\r\n"
            + "1.2.3.4 - - [forged] \"GET / HTTP/1.1\" 200'|'x\\x0D\\x0A1.2.3.4 - - [forged]"
            + " \\x22GET / HTTP/1.1\\x22 200'|CR LF cannot start a forged line",
        "'tab\there'|'tab\\x09here'|a tab is escaped",
        "'bell\u0007 nul\u0000 del\u007f'|'bell\\x07 nul\\x00 del\\x7F'|control bytes are escaped",
        "'caf\u00e9'|'caf\\xE9'|obs-text bytes are escaped",
        "'snow\u2603'|'snow\\xE2\\x98\\x83'|wider characters are escaped as their UTF-8 bytes",
        "'plain/ascii ~!@#$%^&*()'|'plain/ascii ~!@#$%^&*()'|printable ASCII stays"
      })
  void client_text_is_escaped_in_every_quoted_field(String hostile, String written, String why) {
    String asTarget = format.format(exchange("GET", hostile, null, null, 200, 0, 0));
    String asReferer = format.format(exchange("GET", "/", hostile, null, 200, 0, 0));
    String asUserAgent = format.format(exchange("GET", "/", null, hostile, 200, 0, 0));
    String asBrokenRequestLine = format.format(exchange(null, hostile, null, null, 400, 0, 0));

    assertThat(asTarget).contains("\"GET " + written + " HTTP/1.1\"");
    assertThat(asReferer).contains(" \"" + written + "\" \"-\" ");
    assertThat(asUserAgent).contains(" \"-\" \"" + written + "\" ");
    assertThat(asBrokenRequestLine).contains("\"" + written + "\" 400");
    for (String line : new String[] {asTarget, asReferer, asUserAgent, asBrokenRequestLine}) {
      assertThat(line).as(why).matches("[\\x20-\\x7e]*\n");
      assertThat(line.chars().filter(c -> c == '"').count())
          .as("quotes delimit exactly three fields")
          .isEqualTo(6);
    }
  }

  @Test
  void a_request_that_failed_before_its_line_was_read_is_a_dash() {
    String line = format.format(exchange(null, "", null, null, 408, 0, 0));

    assertThat(line).contains("] \"-\" 408 0 ");
  }

  @Test
  void a_broken_request_line_is_logged_as_far_as_it_arrived() {
    String line = format.format(exchange(null, "GET /x HTT", null, null, 400, 36, 0));

    assertThat(line).contains("] \"GET /x HTT\" 400 36 ");
  }

  @Test
  void a_client_that_left_is_499() {
    String line =
        format.format(
            exchange("POST", "/upload", null, null, CompletedExchange.CLIENT_CLOSED, 0, 0));

    assertThat(line).contains("\"POST /upload HTTP/1.1\" 499 0 ");
  }

  @Test
  @SuppressWarnings("AddressSelection") // "::1" is a literal: nothing is resolved
  void ipv6_peers_are_written_in_their_short_form() throws UnknownHostException {
    CompletedExchange v6 =
        new CompletedExchange(
            new InetSocketAddress(InetAddress.getByName("::1"), 1),
            "GET",
            "/",
            HttpVersion.HTTP_1_0,
            200,
            1,
            null,
            null,
            WHEN,
            0);

    assertThat(format.format(v6)).startsWith("::1 - - [").contains("\"GET / HTTP/1.0\"");
  }

  @Test
  void the_time_is_in_the_servers_zone_and_changes_each_second() {
    AccessLogFormat utc = new AccessLogFormat(ZoneId.of("UTC"));

    String first =
        utc.format(
            new CompletedExchange(
                null, "GET", "/", HttpVersion.HTTP_1_1, 200, 0, null, null, WHEN, 0));
    String second =
        utc.format(
            new CompletedExchange(
                null, "GET", "/", HttpVersion.HTTP_1_1, 200, 0, null, null, WHEN + 1000, 0));

    assertThat(first).startsWith("- - - [10/Oct/2025:13:55:36 +0000]");
    assertThat(second).startsWith("- - - [10/Oct/2025:13:55:37 +0000]");
  }

  @ParameterizedTest
  @CsvSource({
    "2026-01-05T10:00:00Z, 05/Jan/2026:10:00:00",
    "2026-02-05T10:00:00Z, 05/Feb/2026:10:00:00",
    "2026-03-05T10:00:00Z, 05/Mar/2026:10:00:00",
    "2026-04-05T10:00:00Z, 05/Apr/2026:10:00:00",
    "2026-05-05T10:00:00Z, 05/May/2026:10:00:00",
    "2026-06-05T10:00:00Z, 05/Jun/2026:10:00:00",
    "2026-07-05T10:00:00Z, 05/Jul/2026:10:00:00",
    "2026-08-05T10:00:00Z, 05/Aug/2026:10:00:00",
    "2026-09-05T10:00:00Z, 05/Sep/2026:10:00:00",
    "2026-10-05T10:00:00Z, 05/Oct/2026:10:00:00",
    "2026-11-05T10:00:00Z, 05/Nov/2026:10:00:00",
    "2026-12-05T10:00:00Z, 05/Dec/2026:10:00:00"
  })
  void every_month_has_its_english_abbreviation(String instant, String expected) {
    AccessLogFormat utc = new AccessLogFormat(ZoneId.of("UTC"));
    long millis = java.time.Instant.parse(instant).toEpochMilli();

    String line =
        utc.format(
            new CompletedExchange(
                null, "GET", "/", HttpVersion.HTTP_1_1, 200, 0, null, null, millis, 0));

    assertThat(line).startsWith("- - - [" + expected + " +0000]");
  }
}
