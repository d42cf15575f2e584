package dev.mtserver.http.server;

import dev.mtserver.http.codec.BodyFraming;
import dev.mtserver.http.codec.ChunkedBodyWriter;
import dev.mtserver.http.codec.FixedLengthBodyStream;
import dev.mtserver.http.codec.HttpDates;
import dev.mtserver.http.codec.HttpFields;
import dev.mtserver.http.codec.HttpInput;
import dev.mtserver.http.codec.HttpLimits;
import dev.mtserver.http.codec.HttpProtocolException;
import dev.mtserver.http.codec.HttpVersion;
import dev.mtserver.http.codec.RequestHead;
import dev.mtserver.http.codec.RequestHeadParser;
import dev.mtserver.http.codec.ResponseHeadWriter;
import dev.mtserver.http.spi.ClientConnection;
import dev.mtserver.http.spi.ConnectionHandler;
import dev.mtserver.http.spi.ReadPhase;
import dev.mtserver.http.target.RequestTarget;
import dev.mtserver.http.target.RequestTargetParser;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP/1.1 keep-alive loop for one connection: read a request head, frame its body, let the
 * {@link HttpHandler} answer, write the response, and go round again while the connection stays
 * persistent (RFC 9112 §9.3).
 *
 * <p>One catch ladder decides every failure: a protocol error is answered with its status and the
 * connection closed; a timeout while reading a head is answered with 408; a client that went away
 * is simply dropped; a handler bug is answered with 500 (if nothing was sent yet), logged once, and
 * the connection closed. No stack trace ever reaches the client.
 */
public final class Http1ConnectionHandler implements ConnectionHandler {

  private static final Logger log = LoggerFactory.getLogger(Http1ConnectionHandler.class);
  private static final int INPUT_BUFFER_BYTES = 16 * 1024;
  private static final int OUTPUT_BUFFER_BYTES = 16 * 1024;
  /** Bodies up to this size are copied behind the head and sent in one write. */
  private static final int COALESCE_BYTES = 16 * 1024;

  private final HttpHandler handler;
  private final HttpLimits limits;
  private final RequestHeadParser parser;
  private final String serverName;

  public Http1ConnectionHandler(HttpHandler handler, HttpLimits limits, String serverName) {
    this.handler = Objects.requireNonNull(handler, "handler");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.parser = new RequestHeadParser(limits);
    this.serverName = Objects.requireNonNull(serverName, "serverName");
  }

  @Override
  public void serve(ClientConnection connection) throws IOException {
    HttpInput input = new HttpInput(connection.input(), INPUT_BUFFER_BYTES);
    boolean persistent = true;
    while (persistent && !connection.draining()) {
      connection.readPhase(ReadPhase.IDLE);
      RequestHead head;
      try {
        if (!input.hasBuffered()) {
          if (input.read() == -1) {
            return; // the client closed an idle connection: the normal end of keep-alive
          }
          input.unread(); // only a byte we read ourselves: a pipelined request is already buffered
        }
        connection.readPhase(ReadPhase.HEADER);
        head = parser.parse(input);
      } catch (SocketTimeoutException e) {
        sendError(connection, HttpVersion.HTTP_1_1, 408, "Request timeout", false);
        return;
      } catch (HttpProtocolException e) {
        sendError(connection, HttpVersion.HTTP_1_1, e.status(), e.safeReason(), false);
        return;
      }
      if (head == null) {
        return;
      }
      persistent = exchange(connection, input, head);
    }
  }

  /** Handles one request; returns whether the connection may carry another. */
  private boolean exchange(ClientConnection connection, HttpInput input, RequestHead head)
      throws IOException {
    HttpVersion version = head.version();
    boolean headRequest = head.method().equals("HEAD");
    BodyFraming framing;
    RequestTarget target;
    try {
      framing = BodyFraming.of(head);
      checkHost(head);
      target = RequestTargetParser.parse(head.method(), head.target());
    } catch (HttpProtocolException e) {
      sendError(connection, version, e.status(), e.safeReason(), headRequest);
      return false;
    }
    FixedLengthBodyStream fixedBody = null;
    InputStream body;
    switch (framing) {
      case BodyFraming.None none -> body = InputStream.nullInputStream();
      case BodyFraming.Fixed fixed -> body = fixedBody = new FixedLengthBodyStream(input, fixed.length());
      case BodyFraming.Chunked chunked -> {
        sendError(connection, version, 501, "Chunked request bodies are not supported yet", headRequest);
        return false;
      }
    }
    connection.readPhase(ReadPhase.BODY);
    HttpRequest request =
        new HttpRequest(head, target, framing, body, connection.remoteAddress(), connection.localAddress());

    HttpResponse response;
    try {
      response = handler.handle(request);
    } catch (IOException e) {
      throw e;
    } catch (RuntimeException e) {
      log.error("Handler failed for {} {} from {}", head.method(), target.path(), connection.remoteAddress(), e);
      sendError(connection, version, 500, "Internal server error", headRequest);
      return false;
    }

    boolean keepAlive = wantsKeepAlive(head) && !connection.draining()
        && !response.headers().containsToken("Connection", "close")
        && drainedUnreadBody(fixedBody);
    send(connection, version, response, keepAlive, headRequest);
    return keepAlive;
  }

  private static void checkHost(RequestHead head) throws HttpProtocolException {
    int hosts = head.fields().count("Host");
    if (hosts > 1 || (hosts == 0 && head.version() == HttpVersion.HTTP_1_1)) {
      throw new HttpProtocolException(400, "Missing or duplicate Host");
    }
  }

  private static boolean wantsKeepAlive(RequestHead head) {
    HttpFields fields = head.fields();
    if (head.version() == HttpVersion.HTTP_1_1) {
      return !fields.containsToken("Connection", "close");
    }
    return fields.containsToken("Connection", "keep-alive");
  }

  /** Reads and discards a small unread body so the next request starts clean. */
  private boolean drainedUnreadBody(FixedLengthBodyStream body) {
    if (body == null || body.remaining() == 0) {
      return true;
    }
    if (body.remaining() > limits.maxDrainBytes()) {
      return false;
    }
    try {
      body.skipNBytes(body.remaining());
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private void send(
      ClientConnection connection,
      HttpVersion version,
      HttpResponse response,
      boolean keepAlive,
      boolean headRequest)
      throws IOException {
    HttpFields fields = response.headers();
    ResponseBody body = response.body();
    int status = response.status();
    fields.set("Date", HttpDates.now());
    fields.set("Server", serverName);
    boolean bodyAllowed = status >= 200 && status != 204 && status != 304;
    boolean chunked = false;
    if (bodyAllowed) {
      if (body.length() >= 0) {
        fields.set("Content-Length", Long.toString(body.length()));
      } else if (version == HttpVersion.HTTP_1_1) {
        fields.set("Transfer-Encoding", "chunked");
        chunked = true;
      } else {
        keepAlive = false; // HTTP/1.0 without a length: the close marks the end
      }
    }
    if (!keepAlive) {
      fields.set("Connection", "close");
    } else if (version == HttpVersion.HTTP_1_0) {
      fields.set("Connection", "keep-alive");
    }
    ByteBuffer head = ResponseHeadWriter.write(version, status, fields);
    boolean writeBody = bodyAllowed && !headRequest;
    try {
      writeWithBody(connection, head, writeBody ? body : new ResponseBody.Empty(), chunked);
    } finally {
      if (body instanceof ResponseBody.Region region && region.resource() != null) {
        closeQuietly(region.resource());
      }
    }
  }

  private static void writeWithBody(
      ClientConnection connection, ByteBuffer head, ResponseBody body, boolean chunked)
      throws IOException {
    switch (body) {
      case ResponseBody.Empty empty -> connection.write(head);
      case ResponseBody.Bytes bytes -> connection.write(head, ByteBuffer.wrap(bytes.content()));
      case ResponseBody.Region region ->
          connection.transfer(head, region.source(), region.position(), region.length());
      case ResponseBody.Streamed streamed -> {
        connection.write(head);
        try (ConnectionOutputStream out = new ConnectionOutputStream(connection, OUTPUT_BUFFER_BYTES)) {
          if (chunked) {
            ChunkedBodyWriter chunks = new ChunkedBodyWriter(out);
            streamed.writer().writeTo(chunks);
            chunks.finish();
          } else {
            streamed.writer().writeTo(out);
          }
        }
      }
    }
  }

  private void sendError(
      ClientConnection connection, HttpVersion version, int status, String reason, boolean headRequest) {
    try {
      HttpResponse response = ErrorResponses.of(status, reason);
      send(connection, version, response, false, headRequest);
    } catch (IOException e) {
      log.debug("Could not send {} to {}: {}", status, connection.remoteAddress(), e.toString());
    }
  }

  private static void closeQuietly(Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException e) {
      log.debug("close failed", e);
    }
  }
}
