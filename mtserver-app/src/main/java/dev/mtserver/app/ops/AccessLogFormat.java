package dev.mtserver.app.ops;

import com.google.common.net.InetAddresses;
import dev.mtserver.http.codec.HttpDates;
import dev.mtserver.http.engine.CompletedExchange;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * One access-log line per exchange in the NCSA combined format with the response time appended, as
 * nginx writes it with
 *
 * <pre>
 * log_format mtserver '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent '
 *                     '"$http_referer" "$http_user_agent" $request_time';
 * </pre>
 *
 * for example {@code 127.0.0.1 - - [10/Oct/2025:13:55:36 +0200] "GET /a.png HTTP/1.1" 200 2326
 * "http://host/" "curl/8.5.0" 0.002}.
 *
 * <ul>
 *   <li>{@code $remote_addr}: the peer's IP address (IPv6 in its short form), never a header;
 *   <li>{@code $remote_user}: the user whose credentials the site checked ({@code --auth-file}), or
 *       {@code -}; escaped as the quoted fields are, and a space as {@code \x20}, so the field
 *       stays one word;
 *   <li>{@code $time_local}: when the exchange ended, in the server's time zone;
 *   <li>{@code $request}: the request line as received; for a request that failed before its line
 *       was whole, what had arrived of it; {@code -} when nothing had;
 *   <li>{@code $status}: the status sent, or 499 when the client left before any response;
 *   <li>{@code $body_bytes_sent}: bytes written after the response head;
 *   <li>{@code $http_referer}, {@code $http_user_agent}: the fields, or {@code -};
 *   <li>{@code $request_time}: seconds from the request's first byte to the response's last, with
 *       millisecond resolution.
 * </ul>
 *
 * <p>Client bytes can never forge a line: in the three quoted fields, {@code "}, {@code \}, every
 * control character and every byte outside printable ASCII is written as {@code \xHH} (nginx's
 * default escaping), so a line is always printable ASCII ending in one LF.
 *
 * <p>Not thread-safe: it keeps the last formatted second. The access log uses one instance on its
 * one writing thread.
 */
public final class AccessLogFormat {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private final DateTimeFormatter timeFormat;
  private long cachedSecond = Long.MIN_VALUE;
  private String cachedTime;

  /** Times in {@code zone}, such as the server's {@code ZoneId.systemDefault()}. */
  public AccessLogFormat(ZoneId zone) {
    // dd/MMM/yyyy:HH:mm:ss Z, the month's name given in code as HttpDates gives it: a pattern with
    // a locale loads the JDK's locale data when the first line is written, just after a start
    this.timeFormat =
        new DateTimeFormatterBuilder()
            .appendPattern("dd/")
            .appendText(ChronoField.MONTH_OF_YEAR, HttpDates.MONTH_NAMES)
            .appendPattern("/yyyy:HH:mm:ss Z")
            .toFormatter(Locale.ROOT)
            .withZone(zone);
  }

  /** The line for {@code exchange}, ending in LF. */
  public String format(CompletedExchange exchange) {
    StringBuilder line = new StringBuilder(160);
    appendTo(exchange, line);
    return line.toString();
  }

  /** Appends the line for {@code exchange}, ending in LF, to {@code line}. */
  public void appendTo(CompletedExchange exchange, StringBuilder line) {
    appendAddress(exchange.remoteAddress(), line);
    line.append(" - ");
    appendUser(exchange.user(), line);
    line.append(" [").append(time(exchange.endEpochMillis())).append("] \"");
    if (exchange.parsed()) {
      appendEscaped(exchange.method(), line);
      line.append(' ');
      appendEscaped(exchange.target(), line);
      line.append(' ').append(exchange.version().text());
    } else if (exchange.target() == null || exchange.target().isEmpty()) {
      line.append('-');
    } else {
      appendEscaped(exchange.target(), line);
    }
    line.append("\" ")
        .append(exchange.status())
        .append(' ')
        .append(exchange.bodyBytesSent())
        .append(" \"");
    appendFieldOrDash(exchange.referer(), line);
    line.append("\" \"");
    appendFieldOrDash(exchange.userAgent(), line);
    line.append("\" ");
    appendSeconds(exchange.durationNanos(), line);
    line.append('\n');
  }

  private static void appendAddress(InetSocketAddress address, StringBuilder line) {
    if (address == null || address.getAddress() == null) {
      line.append('-');
    } else {
      line.append(InetAddresses.toAddrString(address.getAddress()));
    }
  }

  private String time(long epochMillis) {
    long second = Math.floorDiv(epochMillis, 1000);
    if (second != cachedSecond) {
      cachedTime = timeFormat.format(Instant.ofEpochSecond(second));
      cachedSecond = second;
    }
    return cachedTime;
  }

  private static void appendUser(String user, StringBuilder line) {
    if (user == null || user.isEmpty()) {
      line.append('-');
      return;
    }
    StringBuilder escaped = new StringBuilder(user.length() + 8);
    appendEscaped(user, escaped);
    for (int i = 0; i < escaped.length(); i++) {
      char c = escaped.charAt(i);
      if (c == ' ') {
        line.append("\\x20");
      } else {
        line.append(c);
      }
    }
  }

  private static void appendFieldOrDash(String value, StringBuilder line) {
    if (value == null || value.isEmpty()) {
      line.append('-');
    } else {
      appendEscaped(value, line);
    }
  }

  /** Printable ASCII but {@code "} and {@code \} as is; everything else as {@code \xHH} bytes. */
  static void appendEscaped(String value, StringBuilder line) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
        line.append(c);
      } else if (c <= 0xff) {
        appendHexByte(c, line);
      } else {
        // not expected (header bytes arrive as ISO-8859-1), but never let one through raw
        int end = Character.isHighSurrogate(c) && i + 1 < value.length() ? i + 2 : i + 1;
        for (byte b : value.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
          appendHexByte(b & 0xff, line);
        }
        i = end - 1;
      }
    }
  }

  private static void appendHexByte(int b, StringBuilder line) {
    line.append("\\x").append(HEX[b >> 4]).append(HEX[b & 0xf]);
  }

  /** {@code nanos} as seconds with three decimals, truncated: {@code 0.003}, {@code 12.345}. */
  private static void appendSeconds(long nanos, StringBuilder line) {
    long millis = Math.max(0, nanos) / 1_000_000;
    line.append(millis / 1000).append('.');
    long fraction = millis % 1000;
    if (fraction < 100) {
      line.append('0');
    }
    if (fraction < 10) {
      line.append('0');
    }
    line.append(fraction);
  }
}
