package dev.mtserver.http.engine;

import dev.mtserver.http.codec.BodyDecoder;
import dev.mtserver.http.codec.BodyFraming;
import dev.mtserver.http.codec.HttpFields;
import dev.mtserver.http.codec.HttpInput;
import dev.mtserver.http.codec.HttpLimits;
import dev.mtserver.http.codec.HttpProtocolException;
import dev.mtserver.http.codec.HttpVersion;
import dev.mtserver.http.codec.MalformedBodyException;
import dev.mtserver.http.codec.RequestHead;
import dev.mtserver.http.codec.RequestHeadParser;
import dev.mtserver.http.memory.MemoryBudget;
import dev.mtserver.http.memory.MemoryLease;
import dev.mtserver.http.memory.RequestMemoryExhaustedException;
import dev.mtserver.http.spi.ClientConnection;
import dev.mtserver.http.spi.ConnectionHandler;
import dev.mtserver.http.spi.ReadPhase;
import dev.mtserver.http.target.HostHeader;
import dev.mtserver.http.target.RequestTarget;
import dev.mtserver.http.target.RequestTargetParser;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP/1.1 keep-alive loop for one connection: read a request head, frame its body, let the
 * {@link HttpHandler} answer, write the response, and go round again while the connection stays
 * persistent (RFC 9112 §9.3). Requests are handled one at a time, so pipelined requests are
 * answered in order; bytes read ahead stay in the connection's input buffer for the next round.
 *
 * <p>Read phases: {@link ReadPhase#IDLE} while waiting for a request's first byte (a timeout closes
 * silently), {@link ReadPhase#HEADER} while reading its head (a timeout is answered with 408),
 * {@link ReadPhase#BODY} once the handler reads the body (a timeout is answered with 408 if no
 * response was sent yet).
 *
 * <p>The connection closes after:
 *
 * <ul>
 *   <li>any protocol error, answered with its status: the framing of whatever follows cannot be
 *       trusted;
 *   <li>{@code Connection: close} from either side, HTTP/1.0 without {@code keep-alive}, or a
 *       transport that is draining for shutdown;
 *   <li>a body the handler left unread that is longer than {@link HttpLimits#maxDrainBytes()}, or
 *       that the client was told to hold back ({@code Expect: 100-continue} without a {@code 100});
 *       see {@code docs/adr/0005-expect-continue-and-unread-bodies.md};
 *   <li>a body that could not be read (client gone, timeout, broken chunking);
 *   <li>a handler failure: answered with 500 if nothing was sent, logged once, never shown;
 *   <li>a request the server's {@link MemoryBudget} cannot take in (its head's buffer, or what its
 *       handler decodes into memory): answered 503 with {@code Retry-After}.
 * </ul>
 *
 * <p>A connection the transport accepted while every worker was busy comes through {@link
 * #serveOverloaded}: one request, read under the transport's short deadlines and answered by the
 * handler for overload (the health and metrics endpoints, and 503 for everything else), then the
 * connection closes. So an operator can still ask a saturated server how it is.
 *
 * <p>Every exchange that got as far as a request's first byte is reported to the {@link
 * ExchangeListener} once its response is written, including those refused with a protocol error and
 * those the client abandoned ({@link CompletedExchange#CLIENT_CLOSED}).
 */
public final class Http1ConnectionHandler implements ConnectionHandler {

  private static final Logger log = LoggerFactory.getLogger(Http1ConnectionHandler.class);

  /**
   * A connection's input buffer: 2 KiB, which holds a typical request head, until a read fills it,
   * then 16 KiB. 2,000 idle keep-alive connections hold 4 MiB of input buffers instead of 32.
   */
  private static final int INPUT_BUFFER_FIRST_BYTES = 2 * 1024;

  private static final int INPUT_BUFFER_BYTES = 16 * 1024;
  private static final HttpVersion ERROR_VERSION = HttpVersion.HTTP_1_1;

  private final HttpHandler handler;
  private final HttpHandler whileOverloaded;
  private final HttpLimits limits;
  private final String serverName;
  private final ExchangeListener listener;
  private final MemoryBudget memory;
  private final ResponseHeaderPolicy policy;
  private final AtomicBoolean listenerFailureLogged = new AtomicBoolean();

  /**
   * What a shed connection gets when no handler for overload is given (tests and tools): 503 for
   * every request, to which the loop adds the transport's {@code Retry-After}. A server passes the
   * site's own, which keeps its health and metrics endpoints reachable.
   */
  private static final HttpHandler SHED_EVERYTHING =
      request -> {
        HttpResponse response = ErrorResponses.of(503);
        response.headers().set("Connection", "close");
        return response;
      };

  /** How one connection is served: the handler that answers it, and whether it is a shed one. */
  private record Mode(HttpHandler handler, Duration overloadRetryAfter) {
    boolean overloaded() {
      return overloadRetryAfter != null;
    }
  }

  public Http1ConnectionHandler(HttpHandler handler, HttpLimits limits, String serverName) {
    this(handler, limits, serverName, ExchangeListener.NONE);
  }

  /**
   * Without a memory budget, and answering 503 to every connection shed under overload: for tests
   * and tools.
   *
   * @param listener told about every finished exchange (the access log, the metrics), on the worker
   *     thread; see {@link ExchangeListener}
   */
  public Http1ConnectionHandler(
      HttpHandler handler, HttpLimits limits, String serverName, ExchangeListener listener) {
    this(handler, limits, serverName, listener, MemoryBudget.unbounded(), SHED_EVERYTHING);
  }

  /** With a memory budget, answering 503 to every connection shed under overload. */
  public Http1ConnectionHandler(
      HttpHandler handler,
      HttpLimits limits,
      String serverName,
      ExchangeListener listener,
      MemoryBudget memory) {
    this(handler, limits, serverName, listener, memory, SHED_EVERYTHING);
  }

  /**
   * @param listener told about every finished exchange (the access log, the metrics), on the worker
   *     thread; see {@link ExchangeListener}
   * @param memory the server's budget for request data in memory, which each connection's head
   *     buffer reserves from as it grows
   * @param whileOverloaded answers the one request of a connection accepted while every worker was
   *     busy: what must stay reachable (health, metrics), and a 503 for the rest (the site's {@code
   *     ShedLoad}); a 503 it gives gets the transport's {@code Retry-After}
   */
  public Http1ConnectionHandler(
      HttpHandler handler,
      HttpLimits limits,
      String serverName,
      ExchangeListener listener,
      MemoryBudget memory,
      HttpHandler whileOverloaded) {
    this(handler, limits, serverName, listener, memory, whileOverloaded, ResponseHeaderPolicy.NONE);
  }

  /**
   * As above, with fields that every response carries, the engine's own error responses included
   * (an HTTPS listener's {@code Strict-Transport-Security}).
   */
  public Http1ConnectionHandler(
      HttpHandler handler,
      HttpLimits limits,
      String serverName,
      ExchangeListener listener,
      MemoryBudget memory,
      HttpHandler whileOverloaded,
      ResponseHeaderPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.handler = Objects.requireNonNull(handler, "handler");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.serverName = Objects.requireNonNull(serverName, "serverName");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.memory = Objects.requireNonNull(memory, "memory");
    this.whileOverloaded = Objects.requireNonNull(whileOverloaded, "whileOverloaded");
  }

  @Override
  public void serve(ClientConnection connection) throws IOException {
    serve(connection, new Mode(handler, null));
  }

  /**
   * One request of a connection accepted while every worker was busy, answered by the handler for
   * overload, then the connection closes.
   *
   * @return true: this engine always answers (or closes silently if no request comes in time)
   */
  @Override
  public boolean serveOverloaded(ClientConnection connection, Duration retryAfter)
      throws IOException {
    serve(connection, new Mode(whileOverloaded, Objects.requireNonNull(retryAfter, "retryAfter")));
    return true;
  }

  private void serve(ClientConnection connection, Mode mode) throws IOException {
    try (MemoryLease connectionMemory = memory.lease()) {
      serve(connection, mode, connectionMemory);
    }
  }

  private void serve(ClientConnection connection, Mode mode, MemoryLease connectionMemory)
      throws IOException {
    HttpInput input =
        new HttpInput(connection.input(), INPUT_BUFFER_FIRST_BYTES, INPUT_BUFFER_BYTES);
    RequestHeadParser parser = new RequestHeadParser(limits, connectionMemory);
    ResponseWriter writer = new ResponseWriter(connection, serverName, policy);
    ExchangeUser user = new ExchangeUser();
    while (!connection.draining()) {
      connection.readPhase(ReadPhase.IDLE);
      try {
        if (!input.awaitByte()) {
          return; // the client closed an idle connection: the normal end of keep-alive
        }
      } catch (SocketTimeoutException e) {
        return; // idle too long: close without a word, as nginx does
      }
      long started = System.nanoTime();
      writer.beginExchange();
      user.name = null;
      connection.readPhase(ReadPhase.HEADER);
      RequestHead head;
      try {
        head = parser.parse(input);
      } catch (SocketTimeoutException e) {
        writer.sendError(ERROR_VERSION, 408, null, false);
        reportUnparsed(connection, parser, writer, started);
        return;
      } catch (HttpProtocolException e) {
        writer.sendError(ERROR_VERSION, e.status(), e.safeReason(), false);
        reportUnparsed(connection, parser, writer, started);
        connection.lingerOnClose(); // the rest of the refused request may still be on its way
        return;
      } catch (RequestMemoryExhaustedException e) {
        writer.sendError(ERROR_VERSION, busy(), false);
        reportUnparsed(connection, parser, writer, started);
        connection.lingerOnClose();
        return;
      } catch (IOException e) {
        reportUnparsed(connection, parser, writer, started); // reset mid-head: 499
        throw e;
      }
      if (head == null) {
        return; // only empty lines, then the end: no request at all
      }
      boolean persistent = false;
      try {
        persistent = exchange(connection, input, writer, head, mode, user) && !mode.overloaded();
      } finally {
        report(connection, head, writer, started, user.name);
      }
      if (!persistent) {
        return;
      }
    }
  }

  /**
   * Tells the listener about an exchange whose head was parsed. Reads its fields: call it first.
   */
  @SuppressWarnings("ReferenceEquality") // NONE is a sentinel: identity is the question asked
  private void report(
      ClientConnection connection,
      RequestHead head,
      ResponseWriter writer,
      long started,
      String user) {
    if (listener == ExchangeListener.NONE) {
      return;
    }
    HttpFields fields = head.fields();
    tell(
        new CompletedExchange(
            connection.remoteAddress(),
            head.method(),
            head.target(),
            head.version(),
            statusOf(writer),
            writer.lastBodyBytes(),
            fields.first("Referer").orElse(null),
            fields.first("User-Agent").orElse(null),
            System.currentTimeMillis(),
            System.nanoTime() - started,
            user));
  }

  /** Tells the listener about a request that failed before its head was whole. */
  @SuppressWarnings("ReferenceEquality") // NONE is a sentinel: identity is the question asked
  private void reportUnparsed(
      ClientConnection connection, RequestHeadParser parser, ResponseWriter writer, long started) {
    if (listener == ExchangeListener.NONE) {
      return;
    }
    tell(
        new CompletedExchange(
            connection.remoteAddress(),
            null,
            parser.requestLineSeen(),
            null,
            statusOf(writer),
            writer.lastBodyBytes(),
            null,
            null,
            System.currentTimeMillis(),
            System.nanoTime() - started));
  }

  private static int statusOf(ResponseWriter writer) {
    int status = writer.lastStatus();
    return status == 0 ? CompletedExchange.CLIENT_CLOSED : status;
  }

  private void tell(CompletedExchange exchange) {
    try {
      listener.completed(exchange);
    } catch (RuntimeException e) {
      // a broken listener must not break serving; say so once, loudly
      if (listenerFailureLogged.compareAndSet(false, true)) {
        log.error("An exchange listener failed (further failures are logged at debug)", e);
      } else {
        log.debug("An exchange listener failed", e);
      }
    }
  }

  /** 503 with Retry-After: the request-memory budget cannot take this request in now. */
  private static HttpResponse busy() {
    HttpResponse response = ErrorResponses.of(503, RequestMemoryExhaustedException.REASON);
    response
        .headers()
        .set("Retry-After", Integer.toString(RequestMemoryExhaustedException.RETRY_AFTER_SECONDS));
    return response;
  }

  /**
   * Who the site authenticated for the exchange in progress, kept for its report after the request
   * (a view of the connection's buffer) is gone. One per connection, reset per exchange.
   */
  private static final class ExchangeUser {
    private String name;
  }

  /** Handles one request; returns whether the connection may carry another. */
  private boolean exchange(
      ClientConnection connection,
      HttpInput input,
      ResponseWriter writer,
      RequestHead head,
      Mode mode,
      ExchangeUser user) {
    HttpVersion version = head.version();
    boolean headRequest = head.method().equals("HEAD");
    BodyFraming framing;
    RequestTarget target;
    boolean expectsContinue;
    try {
      framing = BodyFraming.of(head);
      HostHeader.check(head);
      target = RequestTargetParser.parse(head.method(), head.target());
      expectsContinue = expectsContinue(head, framing);
    } catch (HttpProtocolException e) {
      writer.sendError(version, e.status(), e.safeReason(), headRequest);
      connection.lingerOnClose(); // its body, if any, may still be on its way
      return false;
    }
    ExchangeBody body =
        new ExchangeBody(
            BodyDecoder.of(framing, input, limits),
            connection,
            !(framing instanceof BodyFraming.None),
            expectsContinue);
    HttpRequest request =
        new HttpRequest(
            head, target, framing, body, connection.remoteAddress(), connection.localAddress());
    boolean persistent;
    try {
      persistent = answer(connection, writer, request, body, mode);
    } finally {
      user.name = request.user().orElse(null);
    }
    if (!persistent && (!body.complete() || input.hasBuffered())) {
      connection.lingerOnClose(); // the client may still be sending: the body, or the next request
    }
    return persistent;
  }

  /** Lets the handler answer and sends its response; returns whether the connection may go on. */
  private boolean answer(
      ClientConnection connection,
      ResponseWriter writer,
      HttpRequest request,
      ExchangeBody body,
      Mode mode) {
    return answer(connection, writer, request, body, mode, true);
  }

  /**
   * {@link #answer(ClientConnection, ResponseWriter, HttpRequest, ExchangeBody, Mode)}; {@code
   * mayAskAgain} is false on the one second attempt a stale body allows ({@link
   * StaleBodyException}).
   */
  private boolean answer(
      ClientConnection connection,
      ResponseWriter writer,
      HttpRequest request,
      ExchangeBody body,
      Mode mode,
      boolean mayAskAgain) {
    RequestHead head = request.head();
    HttpVersion version = head.version();
    boolean headRequest = head.method().equals("HEAD");
    HttpResponse response;
    try {
      response =
          Objects.requireNonNull(mode.handler().handle(request), "handler returned no response");
    } catch (IOException | RuntimeException e) {
      if (e instanceof RequestMemoryExhaustedException) {
        writer.sendError(
            version, busy(), headRequest); // not the client's fault, nor a bug: try later
        return false;
      }
      if (e instanceof RuntimeException && body.failure() == null && malformedIn(e) == null) {
        log.error(
            "Handler failed for {} {} from {}",
            head.method(),
            request.path(),
            connection.remoteAddress(),
            e);
        writer.sendError(version, 500, null, headRequest);
      } else {
        answerFailedExchange(writer, version, headRequest, body, e, request);
      }
      return false;
    }

    if (mode.overloaded()
        && response.status() == 503
        && response.headers().first("Retry-After").isEmpty()) {
      response
          .headers()
          .set(
              "Retry-After",
              Long.toString(Math.max(1, (mode.overloadRetryAfter().toMillis() + 999) / 1000)));
    }
    boolean keepAlive =
        !mode.overloaded()
            && wantsKeepAlive(head)
            && !response.headers().containsToken("Connection", "close")
            && body.failure() == null
            && !connection.draining()
            && body.discardRest(limits.maxDrainBytes());
    if (body.failure() instanceof MalformedBodyException malformed) {
      // found while draining: the request was malformed after all, whatever the handler said
      closeQuietly(response);
      writer.sendError(version, malformed.status(), malformed.safeReason(), headRequest);
      return false;
    }
    try {
      return writer.send(version, response, keepAlive, headRequest) && keepAlive;
    } catch (IOException | RuntimeException e) {
      if (writer.committed()) {
        log.debug("Response to {} cut short: {}", connection.remoteAddress(), e.toString());
      } else if (e instanceof StaleBodyException stale) {
        // Nothing has left: a fresh look-up by the handler finds what is there now.
        if (mayAskAgain && asksAgainSafely(request)) {
          log.debug(
              "{} changed since it was looked up; asking again: {}",
              request.path(),
              stale.getMessage());
          return answer(connection, writer, request, body, mode, false);
        }
        log.warn("Could not send {} {}: {}", head.method(), request.path(), stale.getMessage());
        writer.sendError(version, changedTwice(), headRequest);
      } else {
        log.error("Could not send the response to {} {}", head.method(), request.path(), e);
        writer.sendError(version, 500, null, headRequest);
      }
      return false;
    }
  }

  /** GET and HEAD without a body: asking the handler again changes nothing and reads nothing. */
  private static boolean asksAgainSafely(HttpRequest request) {
    String method = request.head().method();
    return (method.equals("GET") || method.equals("HEAD")) && !request.hasBody();
  }

  /** The answer when the content changed under a second attempt too: try again in a second. */
  private static HttpResponse changedTwice() {
    HttpResponse response =
        ErrorResponses.of(503, "The content changed while it was being sent; try again");
    response.headers().set("Retry-After", "1");
    return response;
  }

  private static void closeQuietly(HttpResponse response) {
    if (response.body() instanceof ResponseBody.Region region && region.resource() != null) {
      try {
        region.resource().close();
      } catch (IOException e) {
        log.debug("close failed", e);
      }
    }
  }

  /**
   * The handler threw an {@link IOException}, or any exception after reading the body failed. A
   * failed body is the client's doing: broken framing gets its status, a timeout 408, a client that
   * went away nothing at all. Any other I/O failure is the server's: 500.
   */
  private static void answerFailedExchange(
      ResponseWriter writer,
      HttpVersion version,
      boolean headRequest,
      ExchangeBody body,
      Exception thrown,
      HttpRequest request) {
    IOException bodyFailure = body.failure();
    MalformedBodyException malformed = malformedIn(thrown);
    if (malformed == null && bodyFailure instanceof MalformedBodyException fromBody) {
      malformed = fromBody;
    }
    if (malformed != null) {
      writer.sendError(version, malformed.status(), malformed.safeReason(), headRequest);
    } else if (bodyFailure instanceof SocketTimeoutException) {
      writer.sendError(version, 408, null, headRequest);
    } else if (bodyFailure != null) {
      log.debug("Request body from {} ended: {}", request.remoteAddress(), bodyFailure.toString());
    } else {
      log.warn(
          "Handler I/O failure for {} {}: {}", request.method(), request.path(), thrown.toString());
      log.debug("Handler I/O failure", thrown);
      writer.sendError(version, 500, null, headRequest);
    }
  }

  /** A {@link MalformedBodyException} thrown directly or as a cause (a decoder may wrap it). */
  private static MalformedBodyException malformedIn(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (t instanceof MalformedBodyException malformed) {
        return malformed;
      }
    }
    return null;
  }

  /**
   * {@code Expect: 100-continue} on HTTP/1.1 with a body asks for an interim 100 before the body is
   * sent; HTTP/1.0 clients cannot receive one, so there it is ignored. Any other expectation is
   * refused with 417 (RFC 9110 §10.1.1).
   */
  private static boolean expectsContinue(RequestHead head, BodyFraming framing)
      throws HttpProtocolException {
    if (head.version() != HttpVersion.HTTP_1_1) {
      return false;
    }
    HttpFields fields = head.fields();
    int expectations = fields.count("Expect");
    if (expectations == 0) {
      return false;
    }
    if (expectations == 1
        && fields.first("Expect").orElseThrow().equalsIgnoreCase("100-continue")) {
      return !(framing instanceof BodyFraming.None);
    }
    throw new HttpProtocolException(417, "Unsupported expectation");
  }

  private static boolean wantsKeepAlive(RequestHead head) {
    HttpFields fields = head.fields();
    if (head.version() == HttpVersion.HTTP_1_1) {
      return !fields.containsToken("Connection", "close");
    }
    return fields.containsToken("Connection", "keep-alive")
        && !fields.containsToken("Connection", "close");
  }
}
