package dev.mtserver.http.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A response read back from the bytes a server wrote, for assertions. Reads exactly as a strict
 * client would: status line, fields, then a body framed by Content-Length or chunked (or none for
 * 1xx, 204, 304 and responses to HEAD).
 */
public record RawResponse(
    String version, int status, Map<String, List<String>> headers, byte[] body, String head) {

  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null ? Optional.empty() : Optional.of(values.get(0));
  }

  public List<String> headerValues(String name) {
    return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
  }

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** Every response in {@code wire}, in order; fails on trailing garbage. */
  public static List<RawResponse> parseAll(byte[] wire) {
    return parseAll(wire, false);
  }

  /** As {@link #parseAll(byte[])} for responses to HEAD requests: no bodies. */
  public static List<RawResponse> parseAllHead(byte[] wire) {
    return parseAll(wire, true);
  }

  public static List<RawResponse> parseAll(String wire) {
    return parseAll(wire.getBytes(StandardCharsets.ISO_8859_1), false);
  }

  private static List<RawResponse> parseAll(byte[] wire, boolean headRequests) {
    List<RawResponse> responses = new ArrayList<>();
    int[] at = {0};
    while (at[0] < wire.length) {
      responses.add(parseOne(wire, at, headRequests));
    }
    return responses;
  }

  private static RawResponse parseOne(byte[] wire, int[] at, boolean headRequest) {
    int start = at[0];
    String statusLine = line(wire, at);
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || parts[1].length() != 3) {
      throw new AssertionError("not a status line: " + statusLine);
    }
    int status = Integer.parseInt(parts[1]);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String field = line(wire, at); !field.isEmpty(); field = line(wire, at)) {
      int colon = field.indexOf(':');
      if (colon <= 0) {
        throw new AssertionError("bad field line: " + field);
      }
      headers
          .computeIfAbsent(
              field.substring(0, colon).toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(field.substring(colon + 1).strip());
    }
    String head = new String(wire, start, at[0] - start, StandardCharsets.ISO_8859_1);
    byte[] body = new byte[0];
    boolean bodiless = headRequest || status < 200 || status == 204 || status == 304;
    if (!bodiless) {
      List<String> te = headers.get("transfer-encoding");
      List<String> cl = headers.get("content-length");
      if (te != null) {
        if (!te.equals(List.of("chunked"))) {
          throw new AssertionError("unexpected Transfer-Encoding " + te);
        }
        body = chunked(wire, at);
      } else if (cl != null) {
        int length = Integer.parseInt(cl.get(0));
        if (at[0] + length > wire.length) {
          throw new AssertionError("body shorter than Content-Length " + length);
        }
        body = java.util.Arrays.copyOfRange(wire, at[0], at[0] + length);
        at[0] += length;
      } else {
        body = java.util.Arrays.copyOfRange(wire, at[0], wire.length); // close-delimited
        at[0] = wire.length;
      }
    }
    return new RawResponse(parts[0], status, headers, body, head);
  }

  private static byte[] chunked(byte[] wire, int[] at) {
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    while (true) {
      int size = Integer.parseInt(line(wire, at), 16);
      if (size == 0) {
        if (!line(wire, at).isEmpty()) {
          throw new AssertionError("unexpected trailers");
        }
        return body.toByteArray();
      }
      body.write(wire, at[0], size);
      at[0] += size;
      if (!line(wire, at).isEmpty()) {
        throw new AssertionError("chunk not followed by CRLF");
      }
    }
  }

  private static String line(byte[] wire, int[] at) {
    for (int i = at[0]; i + 1 < wire.length; i++) {
      if (wire[i] == '\r' && wire[i + 1] == '\n') {
        String line = new String(wire, at[0], i - at[0], StandardCharsets.ISO_8859_1);
        at[0] = i + 2;
        return line;
      }
      if (wire[i] == '\n') {
        throw new AssertionError("bare LF in response");
      }
    }
    throw new AssertionError(
        "response ends inside a line: "
            + new String(wire, at[0], wire.length - at[0], StandardCharsets.ISO_8859_1));
  }
}
