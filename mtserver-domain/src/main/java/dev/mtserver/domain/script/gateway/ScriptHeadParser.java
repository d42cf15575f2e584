package dev.mtserver.domain.script.gateway;

import com.google.common.base.Ascii;
import com.google.common.collect.ImmutableSet;
import dev.mtserver.domain.script.HeaderField;
import dev.mtserver.grammar.FieldLine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * Reads the header block at the start of a script's output (RFC 3875 §6) and decides what it means,
 * for every gateway a script runs behind (CGI and FastCGI alike). Strict, because whatever passes
 * is sent to the client as response header fields:
 *
 * <ul>
 *   <li>Lines end with LF, optionally preceded by CR (scripts write either); an empty line ends the
 *       block. A bare CR, a NUL or another control character, a folded line, a line without {@code
 *       name:}, a name that is not a token, no field at all, output that ends before the empty
 *       line, or a block over {@value #MAX_HEAD_BYTES} bytes: malformed.
 *   <li>{@code Status: NNN [reason]} sets the status (200–599; a script cannot send interim
 *       responses); {@code Location} with an absolute path and no {@code Status} is a local
 *       redirect, any other {@code Location} a client redirect (302 unless a status was given).
 *       Either may appear once.
 *   <li>A document needs a {@code Content-Type} unless it gave a status. {@code Content-Length}
 *       must be digits, and the same if repeated.
 *   <li>Hop-by-hop and framing fields ({@code Connection}, {@code Keep-Alive}, {@code
 *       Transfer-Encoding}, {@code TE}, {@code Trailer}, {@code Upgrade}, {@code Proxy-Connection})
 *       are dropped: the server frames the response itself.
 * </ul>
 *
 * Each line is split by the field-line grammar the HTTP codec uses too ({@link FieldLine}, ADR
 * 0037). Reads exactly the block and the empty line, byte by byte (the stream should be buffered),
 * so the body starts at the stream's next byte.
 */
public final class ScriptHeadParser {

  /**
   * The largest header block accepted: many {@code Set-Cookie} fields fit, a runaway script not.
   */
  public static final int MAX_HEAD_BYTES = 64 * 1024;

  private static final ImmutableSet<String> DROPPED =
      ImmutableSet.of(
          "connection",
          "keep-alive",
          "transfer-encoding",
          "te",
          "trailer",
          "upgrade",
          "proxy-connection");

  private ScriptHeadParser() {}

  /**
   * Reads the header block from {@code in} and leaves the stream at the body's first byte.
   *
   * @throws IOException exactly as {@code in} threw it
   * @throws MalformedScriptHeadException when the block is not a valid CGI header (502)
   */
  public static ScriptHead parse(InputStream in) throws IOException, MalformedScriptHeadException {
    byte[] line = new byte[256];
    FieldLine fieldLine = new FieldLine();
    int total = 0;
    List<HeaderField> fields = new ArrayList<>();
    int status = 0;
    String location = null;
    long contentLength = -1;
    boolean contentType = false;
    int fieldCount = 0;
    while (true) {
      int length = 0;
      boolean sawCr = false;
      while (true) {
        int b = in.read();
        if (b < 0) {
          throw new MalformedScriptHeadException(
              total == 0 && length == 0
                  ? "the script wrote nothing"
                  : "the script's output ended inside its header");
        }
        if (++total > MAX_HEAD_BYTES) {
          throw new MalformedScriptHeadException("header block over " + MAX_HEAD_BYTES + " bytes");
        }
        if (b == '\n') {
          break;
        }
        if (sawCr) {
          throw new MalformedScriptHeadException("bare CR in the header");
        }
        if (b == '\r') {
          sawCr = true;
          continue;
        }
        if (FieldLine.isLineControl(b)) {
          throw new MalformedScriptHeadException("control character in the header");
        }
        if (length == line.length) {
          line = Arrays.copyOf(line, line.length * 2);
        }
        line[length++] = (byte) b;
      }
      if (length == 0) {
        break;
      }
      FieldLine.Part part = fieldLine.split(line, 0, length);
      if (part == FieldLine.Part.FOLDED) {
        throw new MalformedScriptHeadException("folded header line");
      }
      if (part != FieldLine.Part.VALUE) {
        throw new MalformedScriptHeadException("header line is not 'name: value'");
      }
      String name = new String(line, 0, fieldLine.nameEnd(), StandardCharsets.ISO_8859_1);
      String value =
          new String(
              line,
              fieldLine.valueStart(),
              fieldLine.valueEnd() - fieldLine.valueStart(),
              StandardCharsets.ISO_8859_1);
      fieldCount++;
      switch (Ascii.toLowerCase(name)) {
        case "status" -> {
          if (status != 0) {
            throw new MalformedScriptHeadException("more than one Status");
          }
          status = status(value);
        }
        case "location" -> {
          if (location != null) {
            throw new MalformedScriptHeadException("more than one Location");
          }
          if (value.isEmpty()) {
            throw new MalformedScriptHeadException("empty Location");
          }
          location = value;
        }
        case "content-length" -> {
          long declared = contentLength(value);
          if (contentLength >= 0 && declared != contentLength) {
            throw new MalformedScriptHeadException("conflicting Content-Length");
          }
          contentLength = declared;
        }
        case "content-type" -> {
          contentType = true;
          fields.add(new HeaderField(name, value));
        }
        default -> {
          if (!DROPPED.contains(Ascii.toLowerCase(name))) {
            fields.add(new HeaderField(name, value));
          }
        }
      }
    }
    if (fieldCount == 0) {
      throw new MalformedScriptHeadException("no header fields before the body");
    }
    if (location != null && status == 0 && isLocalPath(location)) {
      return new ScriptHead.LocalRedirect(location);
    }
    if (location != null) {
      fields.add(new HeaderField("Location", location));
      if (status == 0) {
        status = 302;
      }
    }
    if (status == 0 && !contentType) {
      throw new MalformedScriptHeadException("no Content-Type, Status or Location");
    }
    return new ScriptHead.Document(
        status == 0 ? 200 : status,
        fields,
        contentLength >= 0 ? OptionalLong.of(contentLength) : OptionalLong.empty());
  }

  /** {@code 418}, {@code 404 Not Found}: three digits, then nothing or whitespace and a reason. */
  private static int status(String value) throws MalformedScriptHeadException {
    if (value.length() < 3
        || (value.length() > 3 && value.charAt(3) != ' ' && value.charAt(3) != '\t')) {
      throw new MalformedScriptHeadException("bad Status");
    }
    int code = 0;
    for (int i = 0; i < 3; i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        throw new MalformedScriptHeadException("bad Status");
      }
      code = code * 10 + (c - '0');
    }
    if (code < 200 || code > 599) {
      throw new MalformedScriptHeadException("Status out of range");
    }
    return code;
  }

  private static long contentLength(String value) throws MalformedScriptHeadException {
    if (value.isEmpty()
        || value.length() > 18
        || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new MalformedScriptHeadException("bad Content-Length");
    }
    return Long.parseLong(value);
  }

  /** An absolute path ({@code /x}), but not a network-path reference ({@code //host/x}). */
  private static boolean isLocalPath(String location) {
    return location.startsWith("/") && !location.startsWith("//");
  }
}
