package dev.mtserver.http.testing;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import dev.mtserver.domain.path.SitePath;
import dev.mtserver.http.codec.BodyDecoder;
import dev.mtserver.http.codec.BodyFraming;
import dev.mtserver.http.codec.ChunkedBodyStream;
import dev.mtserver.http.codec.HttpInput;
import dev.mtserver.http.codec.HttpLimits;
import dev.mtserver.http.codec.HttpProtocolException;
import dev.mtserver.http.codec.IncompleteBodyException;
import dev.mtserver.http.codec.MalformedBodyException;
import dev.mtserver.http.codec.RequestHead;
import dev.mtserver.http.codec.RequestHeadParser;
import dev.mtserver.http.codec.multipart.MultipartLimits;
import dev.mtserver.http.codec.multipart.MultipartPart;
import dev.mtserver.http.codec.multipart.MultipartReader;
import dev.mtserver.http.engine.Http1ConnectionHandler;
import dev.mtserver.http.engine.HttpHandler;
import dev.mtserver.http.engine.HttpResponse;
import dev.mtserver.http.target.HostHeader;
import dev.mtserver.http.target.RequestTarget;
import dev.mtserver.http.target.RequestTargetParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The four places hostile bytes reach — the request head parser (with framing, Host and target
 * checks and the body decoder behind it, as the keep-alive loop runs them), the chunked decoder,
 * the multipart reader and the request-target decoder — each run to the end of its input and summed
 * up in one line of text.
 *
 * <p>Each target accepts exactly the outcomes its contract allows: a request (or a body, or parts,
 * or a path) that satisfies the invariants checked here, or a refusal carrying one of the allowed
 * statuses and a reason. Any other exception escapes, and any broken invariant throws {@link
 * AssertionError}: both fail the property or corpus test that called it. The one-line summaries are
 * what {@code src/test/resources/corpus/} records for its inputs.
 */
public final class FuzzTargets {

  /** Statuses the head parser, the framing rules and the target checks may refuse with. */
  public static final Set<Integer> HEAD_STATUSES = Set.of(400, 414, 431, 501, 505);

  /** Statuses a broken request body may be refused with. */
  public static final Set<Integer> BODY_STATUSES = Set.of(400, 431);

  /** Statuses a broken multipart body may be refused with. */
  public static final Set<Integer> MULTIPART_STATUSES = Set.of(400, 413);

  /** The most requests read from one input: enough for any pipelined corpus entry. */
  private static final int MAX_REQUESTS = 100;

  private static final int INPUT_BUFFER = 4096;

  private FuzzTargets() {}

  /**
   * Reads request after request from {@code bytes} as the keep-alive loop would (head, framing,
   * Host, target, then the whole body), until the input ends or something is refused.
   *
   * @return each request as {@code METHOD /path body=N}, joined by {@code " | "}, ending with
   *     {@code end}, {@code incomplete} or a refusal such as {@code 400 Bare LF}
   */
  public static String requests(byte[] bytes, HttpLimits limits) throws IOException {
    HttpInput input = new HttpInput(new ByteArrayInputStream(bytes), INPUT_BUFFER);
    RequestHeadParser parser = new RequestHeadParser(limits);
    List<String> outcomes = new ArrayList<>();
    while (outcomes.size() < MAX_REQUESTS) {
      RequestHead head;
      BodyFraming framing;
      RequestTarget target;
      try {
        head = parser.parse(input);
        if (head == null) {
          outcomes.add("end");
          break;
        }
        framing = BodyFraming.of(head);
        HostHeader.check(head);
        target = RequestTargetParser.parse(head.method(), head.target());
      } catch (HttpProtocolException e) {
        outcomes.add(refusal(e.status(), e.safeReason(), HEAD_STATUSES));
        break;
      }
      checkHead(head);
      checkPath(target.path());
      String request = head.method() + " " + shorten(escape(target.path().toString()));
      try (BodyDecoder body = BodyDecoder.of(framing, input, limits)) {
        long length = body.transferTo(OutputStream.nullOutputStream());
        outcomes.add(request + " body=" + length);
      } catch (MalformedBodyException e) {
        outcomes.add(request + " then " + refusal(e.status(), e.safeReason(), BODY_STATUSES));
        break;
      } catch (IncompleteBodyException e) {
        outcomes.add(request + " then incomplete");
        break;
      }
    }
    return String.join(" | ", outcomes);
  }

  public static String requests(byte[] bytes) throws IOException {
    return requests(bytes, HttpLimits.defaults());
  }

  /** Reads the whole body and answers 200 with the body's length: the loop's simplest handler. */
  private static final HttpHandler READ_BODY =
      request ->
          HttpResponse.text(
              200, "read " + request.body().transferTo(OutputStream.nullOutputStream()));

  /** Statuses the keep-alive loop may answer hostile bytes with (never a 500). */
  public static final Set<Integer> LOOP_STATUSES =
      Set.of(100, 200, 400, 408, 414, 417, 431, 501, 505);

  /**
   * Serves {@code bytes} as one connection through the whole keep-alive loop ({@link
   * Http1ConnectionHandler}) with a handler that reads every body, and reads back what it wrote as
   * a strict client would. Every response must parse, carry an allowed status and a {@code Date},
   * and every error must close the connection: no response may follow it.
   *
   * @return the statuses written, such as {@code 200 200 400}, or {@code none}
   */
  public static String connection(byte[] bytes) throws IOException {
    ScriptedConnection connection = new ScriptedConnection().thenSend(bytes);
    new Http1ConnectionHandler(READ_BODY, HttpLimits.defaults(), "MTServer/fuzz").serve(connection);
    List<RawResponse> responses = RawResponse.parseAll(connection.outputBytes());
    List<String> statuses = new ArrayList<>();
    for (int i = 0; i < responses.size(); i++) {
      RawResponse response = responses.get(i);
      if (!LOOP_STATUSES.contains(response.status())) {
        throw new AssertionError("answered " + response.status());
      }
      if (response.status() >= 200 && response.header("Date").isEmpty()) {
        throw new AssertionError(response.status() + " without Date");
      }
      if (response.status() >= 400) {
        if (!response.header("Connection").orElse("").equals("close")) {
          throw new AssertionError(response.status() + " without Connection: close");
        }
        if (i != responses.size() - 1) {
          throw new AssertionError("a response followed a " + response.status());
        }
      }
      statuses.add(String.valueOf(response.status()));
    }
    return statuses.isEmpty() ? "none" : String.join(" ", statuses);
  }

  /**
   * Decodes {@code bytes} as a chunked body.
   *
   * @return {@code body=N rest=M} (M: the bytes left after the body, which would start the next
   *     request), {@code incomplete}, or a refusal such as {@code 400 Bad chunk size}
   */
  public static String chunkedBody(byte[] bytes, HttpLimits limits) throws IOException {
    HttpInput input = new HttpInput(new ByteArrayInputStream(bytes), INPUT_BUFFER);
    long length;
    try (ChunkedBodyStream body = new ChunkedBodyStream(input, limits)) {
      length = body.transferTo(OutputStream.nullOutputStream());
      if (!body.isComplete()) {
        throw new AssertionError("the body ended without its last chunk and trailers");
      }
    } catch (MalformedBodyException e) {
      return refusal(e.status(), e.safeReason(), BODY_STATUSES);
    } catch (IncompleteBodyException e) {
      return "incomplete";
    }
    long rest = 0;
    while (input.read() >= 0) {
      rest++;
    }
    if (length + rest > bytes.length) {
      throw new AssertionError("decoded more bytes than arrived");
    }
    return "body=" + length + " rest=" + rest;
  }

  public static String chunkedBody(byte[] bytes) throws IOException {
    return chunkedBody(bytes, HttpLimits.defaults());
  }

  /**
   * Reads {@code in} as a {@code multipart/form-data} body with {@code boundary}, every part's
   * content to its end.
   *
   * @return each part as {@code name(N)} or {@code name[file](N)}, joined by {@code " "}, then
   *     {@code end}, or a refusal such as {@code 400 Multipart body ends inside part headers}
   */
  public static String multipart(InputStream in, String boundary, MultipartLimits limits)
      throws IOException {
    MultipartReader reader = new MultipartReader(in, boundary, limits);
    List<String> parts = new ArrayList<>();
    try {
      MultipartPart part;
      while ((part = reader.nextPart()) != null) {
        if (parts.size() >= limits.maxParts()) {
          throw new AssertionError("more parts than the limit allows");
        }
        String file = part.fileName().map(name -> "[" + escape(name) + "]").orElse("");
        long length = part.body().transferTo(OutputStream.nullOutputStream());
        parts.add(escape(part.name()) + file + "(" + length + ")");
      }
      parts.add("end");
    } catch (MalformedBodyException e) {
      parts.add(refusal(e.status(), e.safeReason(), MULTIPART_STATUSES));
    }
    if (parts.size() > 8) { // a hundred parts read as: the first three, how many, the last
      return String.join(" ", parts.subList(0, 3))
          + " ... ("
          + (parts.size() - 1)
          + " parts) "
          + parts.get(parts.size() - 1);
    }
    return String.join(" ", parts);
  }

  public static String multipart(byte[] bytes, String boundary) throws IOException {
    return multipart(new ByteArrayInputStream(bytes), boundary, MultipartLimits.defaults());
  }

  /**
   * Decodes a request-target as the connection loop does for {@code method}.
   *
   * @return the decoded, normalised path, or a refusal such as {@code 400 Encoded slash in path}
   */
  public static String target(String method, String raw) {
    RequestTarget target;
    try {
      target = RequestTargetParser.parse(method, raw);
    } catch (HttpProtocolException e) {
      return refusal(e.status(), e.safeReason(), Set.of(400));
    }
    checkPath(target.path());
    return shorten(escape(target.path().toString()));
  }

  /** Long text as its start and its length, so that outcomes fit on a line. */
  private static String shorten(String text) {
    return text.length() <= 100 ? text : text.substring(0, 40) + "...(" + text.length() + " chars)";
  }

  /**
   * A decoded path is a list of plain names: never empty, {@code .} or {@code ..}, never holding a
   * separator or a control character; and its canonical URL form decodes back to the same path.
   */
  public static void checkPath(SitePath path) {
    for (String segment : path.segments()) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new AssertionError("segment '" + segment + "' in " + escape(path.toString()));
      }
      for (int i = 0; i < segment.length(); i++) {
        char c = segment.charAt(i);
        if (c == '/' || c == '\\' || c < 0x20 || c == 0x7f) {
          throw new AssertionError("character " + (int) c + " in " + escape(path.toString()));
        }
      }
    }
    try {
      SitePath again = RequestTargetParser.parse("GET", path.toUriPath()).path();
      if (!again.equals(path)) {
        throw new AssertionError(
            escape(path.toUriPath()) + " decodes to " + escape(again.toString()));
      }
    } catch (HttpProtocolException e) {
      throw new AssertionError(
          "the canonical form " + escape(path.toUriPath()) + " is refused: " + e.safeReason());
    }
  }

  private static void checkHead(RequestHead head) {
    if (head.method().isEmpty()) {
      throw new AssertionError("empty method");
    }
    for (int i = 0; i < head.fields().size(); i++) {
      String name = head.fields().name(i);
      String value = head.fields().value(i);
      if (name.isEmpty() || name.chars().anyMatch(c -> c <= ' ' || c == ':' || c >= 0x7f)) {
        throw new AssertionError("field name '" + escape(name) + "'");
      }
      if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
        throw new AssertionError("field value '" + escape(value) + "'");
      }
    }
  }

  private static String refusal(int status, String reason, Set<Integer> allowed) {
    if (!allowed.contains(status)) {
      throw new AssertionError(
          "refused with " + status + " (" + reason + "), expected one of " + allowed);
    }
    if (reason == null || reason.isBlank()) {
      throw new AssertionError("refused with " + status + " but no reason");
    }
    return status + " " + reason;
  }

  /** Printable ASCII stays; anything else (and backslash) becomes a {@code \\uXXXX} escape. */
  public static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c < 0x7f && c != '\\') {
        out.append(c);
      } else {
        out.append(String.format("\\u%04x", (int) c));
      }
    }
    return out.toString();
  }

  /** {@code text} as the bytes of a wire (ISO-8859-1: one char, one byte). */
  public static byte[] wire(String text) {
    return text.getBytes(ISO_8859_1);
  }
}
