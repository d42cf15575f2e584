package dev.mtserver.http.site.script;

import dev.mtserver.domain.script.HeaderField;
import dev.mtserver.domain.script.RunScriptUseCase;
import dev.mtserver.domain.script.ScriptOutcome;
import dev.mtserver.domain.script.ScriptOutput;
import dev.mtserver.domain.script.ScriptTarget;
import dev.mtserver.domain.store.StoreUnavailableException;
import dev.mtserver.http.codec.HttpFields;
import dev.mtserver.http.codec.HttpProtocolException;
import dev.mtserver.http.engine.BodyTooLargeException;
import dev.mtserver.http.engine.BoundedBody;
import dev.mtserver.http.engine.ErrorResponses;
import dev.mtserver.http.engine.HttpHandler;
import dev.mtserver.http.engine.HttpRequest;
import dev.mtserver.http.engine.HttpResponse;
import dev.mtserver.http.engine.ResponseBody;
import dev.mtserver.http.site.StoreFailures;
import dev.mtserver.http.target.RequestTarget;
import dev.mtserver.http.target.RequestTargetParser;
import java.io.IOException;
import java.util.Objects;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET, HEAD and POST for scripts ({@code /page.php}, {@code /app.php/extra}); the router sends
 * nothing else here.
 *
 * <p>Refusals that need no body come first, so no {@code 100 Continue} is sent for them: 413 for a
 * Content-Length over the body limit, then (from the use case) 403 below the uploads directory, 404
 * for no such script, 503 with {@code Retry-After} when every script slot is taken, 502 or 504 when
 * the store that holds the scripts cannot answer ({@link StoreFailures}). A chunked body that grows
 * past the limit is 413 too. A script that writes nothing or a malformed header is 502, one that
 * runs out of time before its header is complete 504. A body that cannot be spooled because the
 * disk is full is 507 and closes the connection (the body may be partly unread), as for an upload.
 *
 * <p>A script's answer keeps its status and fields; its body streams to the client (chunked when
 * neither the script declared a length nor it finished within the first read). HEAD, 204 and 304
 * answers carry no body: the script's output is read to its end and dropped. A local redirect
 * ({@code Location: /path} without a status) is served again as a GET (HEAD for HEAD) without a
 * body, by the static handler or by this handler for another script, at most {@value
 * #MAX_LOCAL_REDIRECTS} times.
 */
public final class ScriptHandler implements HttpHandler {

  static final int MAX_LOCAL_REDIRECTS = 10;

  private static final Logger log = LoggerFactory.getLogger(ScriptHandler.class);

  private final RunScriptUseCase scripts;
  private final HttpHandler files;
  private final long maxBodySize;

  /**
   * @param files serves what a local redirect names when it is not a script
   * @param maxBodySize the largest request body a script may receive (413 past it)
   */
  public ScriptHandler(RunScriptUseCase scripts, HttpHandler files, long maxBodySize) {
    this.scripts = Objects.requireNonNull(scripts, "scripts");
    this.files = Objects.requireNonNull(files, "files");
    this.maxBodySize = maxBodySize;
  }

  @Override
  public HttpResponse handle(HttpRequest request) throws IOException {
    return handle(request, 0);
  }

  /**
   * Runs {@code target} for {@code request}: the script the router chose for it, which need not be
   * the one its path names (a directory's {@code index.php}, the front controller). The script
   * still sees the request's own URI as {@code REQUEST_URI}.
   */
  public HttpResponse run(HttpRequest request, ScriptTarget target) throws IOException {
    return run(request, target, 0);
  }

  private HttpResponse handle(HttpRequest request, int redirects) throws IOException {
    ScriptTarget target = ScriptTarget.find(request.path()).orElse(null);
    if (target == null) {
      return ErrorResponses.of(404);
    }
    return run(request, target, redirects);
  }

  private HttpResponse run(HttpRequest request, ScriptTarget target, int redirects)
      throws IOException {
    OptionalLong length = request.contentLength();
    if (length.isPresent() && length.getAsLong() > maxBodySize) {
      return closing(413, "Request body larger than " + maxBodySize + " bytes");
    }
    BoundedBody body = new BoundedBody(request.body(), maxBodySize);
    ScriptOutcome outcome;
    try {
      outcome = scripts.run(ScriptInvocations.of(request, target, body));
    } catch (BodyTooLargeException e) {
      return closing(413, "Request body larger than " + maxBodySize + " bytes");
    } catch (StoreUnavailableException e) { // finding the script: a read, whatever the method
      log.warn("The store could not locate {}: {}", target.script(), e.getMessage());
      return StoreFailures.unavailableForRead(e);
    }
    return switch (outcome) {
      case ScriptOutcome.Response response -> respond(request, response);
      case ScriptOutcome.LocalRedirect redirect ->
          redirect(request, redirect.location(), redirects);
      case ScriptOutcome.NotFound notFound -> ErrorResponses.of(404);
      case ScriptOutcome.Forbidden forbidden ->
          ErrorResponses.of(403, "Scripts are not run from the uploads directory");
      case ScriptOutcome.Busy busy -> {
        HttpResponse response = ErrorResponses.of(503, "Too many scripts running");
        response
            .headers()
            .set("Retry-After", Long.toString(Math.max(1, busy.retryAfter().toSeconds())));
        yield response;
      }
      case ScriptOutcome.TimedOut timedOut -> ErrorResponses.of(504, "The script ran out of time");
      case ScriptOutcome.StorageFull full -> closing(507, "The server has no room to store this");
      case ScriptOutcome.Failed failed -> ErrorResponses.of(502, "The script gave no valid answer");
    };
  }

  private static HttpResponse respond(HttpRequest request, ScriptOutcome.Response response) {
    HttpFields fields = new HttpFields(response.headers().size() + 4);
    for (HeaderField field : response.headers()) {
      fields.add(field.name(), field.value());
    }
    ScriptOutput output = response.body();
    int status = response.status();
    if (request.method().equals("HEAD") || status == 204 || status == 304) {
      try (output) {
        output.discard(); // the script runs to its end, as it would for GET
      } catch (IOException e) {
        return ErrorResponses.of(504, "The script ran out of time");
      }
      // the writer sends no body here; the length is the one the script declared, if any
      long declared = response.declaredLength().orElse(-1);
      return new HttpResponse(status, fields, new ResponseBody.Streamed(declared, out -> {}));
    }
    return new HttpResponse(
        status,
        fields,
        new ResponseBody.Streamed(
            output.length(),
            out -> {
              try (output) {
                output.transferTo(out);
              }
            }));
  }

  /** RFC 3875 §6.2.2: the server answers as if the client had asked for {@code location}. */
  private HttpResponse redirect(HttpRequest request, String location, int redirects)
      throws IOException {
    if (redirects >= MAX_LOCAL_REDIRECTS) {
      log.warn(
          "More than {} local redirects from scripts, the last to {}",
          MAX_LOCAL_REDIRECTS,
          location);
      return ErrorResponses.of(502, "Too many local redirects");
    }
    String method = request.method().equals("HEAD") ? "HEAD" : "GET";
    if (!isVisibleAscii(location)) {
      log.warn("A script redirected to a local path that is not a request target");
      return ErrorResponses.of(502, "The script gave no valid answer");
    }
    RequestTarget target;
    try {
      target = RequestTargetParser.parse(method, location);
    } catch (HttpProtocolException e) {
      log.warn("A script redirected to a bad local path: {}", e.safeReason());
      return ErrorResponses.of(502, "The script gave no valid answer");
    }
    if (target.form() != RequestTarget.Form.ORIGIN) {
      return ErrorResponses.of(502, "The script gave no valid answer");
    }
    HttpRequest next = request.reissued(method, location, target);
    return ScriptTarget.find(target.path()).isPresent()
        ? handle(next, redirects + 1)
        : files.handle(next);
  }

  /** What a request line may carry as its target: printable ASCII, no space. */
  private static boolean isVisibleAscii(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        return false;
      }
    }
    return !text.isEmpty();
  }

  /** An answer after which the connection closes: the body may be partly unread. */
  private static HttpResponse closing(int status, String reason) {
    HttpResponse response = ErrorResponses.of(status, reason);
    response.headers().set("Connection", "close");
    return response;
  }
}
