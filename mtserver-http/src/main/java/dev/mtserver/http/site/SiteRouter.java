package dev.mtserver.http.site;

import com.google.common.collect.ImmutableSet;
import com.google.common.net.MediaType;
import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.script.ScriptTarget;
import dev.mtserver.domain.script.routing.RouteScriptUseCase;
import dev.mtserver.domain.store.StoreUnavailableException;
import dev.mtserver.http.engine.ErrorResponses;
import dev.mtserver.http.engine.HttpHandler;
import dev.mtserver.http.engine.HttpRequest;
import dev.mtserver.http.engine.HttpResponse;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Chooses the handler for a request by method and path, and answers what no handler takes: {@code
 * OPTIONS} with 204 and {@code Allow}, known but unsupported methods with 405, unknown methods with
 * 501, and {@code .php} pages with 501 until a script handler is configured (their source is never
 * sent).
 *
 * <p>With a script handler, a path with a {@code .php} segment ({@code /page.php}, {@code
 * /app.php/extra}, see {@link ScriptTarget}) goes to it for GET, HEAD and POST — POST bodies of any
 * type, since the script reads them itself; OPTIONS and 405 are answered as for any page. With a
 * script routing ({@link Builder#scripts(RouteScriptUseCase, ScriptRunner)}), the routing also
 * sends a directory without {@code index.html} to its {@code index.php} and, with a front
 * controller, a path that names nothing to it (ADR 0041).
 *
 * <p>{@code POST} goes by the body's type: {@code application/x-www-form-urlencoded} to the form
 * handler, {@code multipart/form-data} to the upload handler, anything else (or no type) is 415
 * with {@code Accept-Post}; an unparsable {@code Content-Type} is 400. The handlers decide 404 for
 * paths that are not pages. Without them (the one-argument constructor), POST is 501.
 *
 * <p>With a resumable-upload endpoint ({@link Builder#resumable}), every request at or below its
 * base path goes there first, whatever the method ({@code PATCH} and {@code DELETE} included).
 *
 * <p>With named files ({@link Builder#namedFiles}), {@code PUT} and {@code DELETE} go to their
 * handlers, which answer 405 where they do not apply; {@code Allow} (of {@code OPTIONS} and of
 * every 405) is what the named files say of the path. Without them both are 405.
 */
public final class SiteRouter implements HttpHandler {

  static final String ALLOW = "GET, HEAD, POST, OPTIONS";
  private static final ImmutableSet<String> KNOWN_UNSUPPORTED =
      ImmutableSet.of("PUT", "DELETE", "PATCH", "CONNECT", "TRACE");

  /** The methods that would run a script; OPTIONS and the 405s are answered as for any page. */
  private static final ImmutableSet<String> SCRIPT_METHODS = ImmutableSet.of("GET", "HEAD", "POST");

  static final String ACCEPT_POST = "application/x-www-form-urlencoded, multipart/form-data";
  private static final MediaType URLENCODED = MediaType.FORM_DATA;
  private static final MediaType MULTIPART = MediaType.create("multipart", "form-data");

  private final HttpHandler staticContent;
  private final HttpHandler forms;
  private final HttpHandler uploads;
  private final HttpHandler scripts;
  private final SitePath resumableBase;
  private final HttpHandler resumable;
  private final RouteScriptUseCase scriptRoutes; // with scriptRunner: a PHP application's routing
  private final ScriptRunner scriptRunner;
  private final HttpHandler put;
  private final HttpHandler delete;
  private final Function<SitePath, String> allow;

  /**
   * Runs a script the routing chose for a request ({@code ScriptHandler::run}): not necessarily the
   * one its path names, and the request's own URI stays what the script sees.
   */
  @FunctionalInterface
  public interface ScriptRunner {
    HttpResponse run(HttpRequest request, ScriptTarget target) throws IOException;
  }

  public SiteRouter(HttpHandler staticContent) {
    this(builder(staticContent));
  }

  /**
   * @param forms answers POSTed urlencoded forms
   * @param uploads answers POSTed multipart forms
   */
  public SiteRouter(HttpHandler staticContent, HttpHandler forms, HttpHandler uploads) {
    this(builder(staticContent).forms(forms, uploads));
  }

  private SiteRouter(Builder builder) {
    this.staticContent = builder.staticContent;
    this.forms = builder.forms;
    this.uploads = builder.uploads;
    this.scripts = builder.scripts;
    this.resumableBase = builder.resumableBase;
    this.resumable = builder.resumable;
    this.scriptRoutes = builder.scriptRoutes;
    this.scriptRunner = builder.scriptRunner;
    this.put = builder.put;
    this.delete = builder.delete;
    this.allow = builder.allow;
  }

  /** A router for {@code staticContent}; the other handlers are optional. */
  public static Builder builder(HttpHandler staticContent) {
    return new Builder(staticContent);
  }

  /** Collects the handlers a router dispatches to; what is left out is answered with 501. */
  public static final class Builder {
    private final HttpHandler staticContent;
    private HttpHandler forms;
    private HttpHandler uploads;
    private HttpHandler scripts;
    private SitePath resumableBase;
    private HttpHandler resumable;
    private RouteScriptUseCase scriptRoutes;
    private ScriptRunner scriptRunner;
    private HttpHandler put;
    private HttpHandler delete;
    private Function<SitePath, String> allow = path -> ALLOW;

    private Builder(HttpHandler staticContent) {
      this.staticContent = Objects.requireNonNull(staticContent, "staticContent");
    }

    /** POSTed urlencoded forms go to {@code forms}, multipart forms to {@code uploads}. */
    public Builder forms(HttpHandler forms, HttpHandler uploads) {
      this.forms = Objects.requireNonNull(forms, "forms");
      this.uploads = Objects.requireNonNull(uploads, "uploads");
      return this;
    }

    /** GET, HEAD and POST of scripts go to {@code scripts}. */
    public Builder scripts(HttpHandler scripts) {
      this.scripts = Objects.requireNonNull(scripts, "scripts");
      return this;
    }

    /**
     * Every request for {@code base} or below it, whatever its method, goes to {@code resumable}
     * (the tus endpoint, or what answers for it when it is unavailable), before any other rule.
     */
    public Builder resumable(SitePath base, HttpHandler resumable) {
      this.resumableBase = Objects.requireNonNull(base, "base");
      this.resumable = Objects.requireNonNull(resumable, "resumable");
      return this;
    }

    /**
     * GET, HEAD and POST go to {@code runner} whenever {@code routes} names a script for the path:
     * a path through a {@code .php} file, a directory's {@code index.php}, the front controller
     * (ADR 0041).
     */
    public Builder scripts(RouteScriptUseCase routes, ScriptRunner runner) {
      this.scriptRoutes = Objects.requireNonNull(routes, "routes");
      this.scriptRunner = Objects.requireNonNull(runner, "runner");
      return this;
    }

    /**
     * {@code PUT} goes to {@code put}, {@code DELETE} to {@code delete}; {@code allow} gives the
     * {@code Allow} value of a path, for {@code OPTIONS} and every 405.
     */
    public Builder namedFiles(
        HttpHandler put, HttpHandler delete, Function<SitePath, String> allow) {
      this.put = Objects.requireNonNull(put, "put");
      this.delete = Objects.requireNonNull(delete, "delete");
      this.allow = Objects.requireNonNull(allow, "allow");
      return this;
    }

    public SiteRouter build() {
      return new SiteRouter(this);
    }
  }

  @Override
  public HttpResponse handle(HttpRequest request) throws IOException {
    if (resumable != null && request.path().startsWith(resumableBase)) {
      return resumable.handle(request);
    }
    String method = request.method();
    if (SCRIPT_METHODS.contains(method)) {
      if (scriptRoutes != null) {
        Optional<HttpResponse> script = routeToScript(request);
        if (script.isPresent()) {
          return script.get();
        }
      } else if (scripts != null) {
        if (ScriptTarget.find(request.path()).isPresent()) {
          return scripts.handle(request);
        }
      } else if (ScriptTarget.isScript(request.path())) {
        return ErrorResponses.of(501, "No PHP runner is configured");
      }
    }
    return switch (method) {
      case "GET", "HEAD" -> staticContent.handle(request);
      case "POST" -> post(request);
      case "PUT" -> put != null ? put.handle(request) : otherMethod(request);
      case "DELETE" -> delete != null ? delete.handle(request) : otherMethod(request);
      default -> otherMethod(request);
    };
  }

  /** The script's answer when the routing names one for the path (ADR 0041); else empty. */
  private Optional<HttpResponse> routeToScript(HttpRequest request) throws IOException {
    Optional<ScriptTarget> target;
    try {
      target = scriptRoutes.route(request.path());
    } catch (StoreUnavailableException e) {
      return Optional.of(StoreFailures.unavailableForRead(e));
    }
    return target.isPresent()
        ? Optional.of(scriptRunner.run(request, target.get()))
        : Optional.empty();
  }

  /** OPTIONS, and the methods no handler takes. */
  private HttpResponse otherMethod(HttpRequest request) {
    String method = request.method();
    if (method.equals("OPTIONS")) {
      HttpResponse response = HttpResponse.empty(204);
      response.headers().set("Allow", allow.apply(request.path()));
      return response;
    }
    if (KNOWN_UNSUPPORTED.contains(method)) {
      HttpResponse response = ErrorResponses.of(405);
      response.headers().set("Allow", allow.apply(request.path()));
      return response;
    }
    return ErrorResponses.of(501);
  }

  private HttpResponse post(HttpRequest request) throws IOException {
    if (forms == null || uploads == null) {
      return ErrorResponses.of(501, "POST is not supported");
    }
    Optional<String> header = request.headers().first("Content-Type");
    if (header.isEmpty()) {
      return unsupportedMediaType();
    }
    MediaType type;
    try {
      type = MediaType.parse(header.get()).withoutParameters();
    } catch (IllegalArgumentException e) {
      return ErrorResponses.of(400, "Bad Content-Type");
    }
    if (type.equals(URLENCODED)) {
      return forms.handle(request);
    }
    if (type.equals(MULTIPART)) {
      return uploads.handle(request);
    }
    return unsupportedMediaType();
  }

  private static HttpResponse unsupportedMediaType() {
    HttpResponse response = ErrorResponses.of(415);
    response.headers().set("Accept-Post", ACCEPT_POST);
    return response;
  }
}
