package dev.mtserver.http.server;

import com.google.common.collect.ImmutableSet;
import com.google.common.net.MediaType;
import dev.mtserver.domain.content.StaticContentService;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * Chooses the handler for a request by method and path, and answers what no handler takes:
 * {@code OPTIONS} with 204 and {@code Allow}, known but unsupported methods with 405, unknown
 * methods with 501, and {@code .php} pages with 501 until a script runner is configured (their
 * source is never sent).
 *
 * <p>{@code POST} goes by the body's type: {@code application/x-www-form-urlencoded} to the form
 * handler, {@code multipart/form-data} to the upload handler, anything else (or no type) is 415
 * with {@code Accept-Post}; an unparsable {@code Content-Type} is 400. The handlers decide 404
 * for paths that are not pages. Without them (the one-argument constructor), POST is 501.
 */
public final class SiteRouter implements HttpHandler {

  static final String ALLOW = "GET, HEAD, POST, OPTIONS";
  private static final ImmutableSet<String> KNOWN_UNSUPPORTED =
      ImmutableSet.of("PUT", "DELETE", "PATCH", "CONNECT", "TRACE");
  private static final ImmutableSet<String> SCRIPT_METHODS = ImmutableSet.of("GET", "HEAD", "POST");

  static final String ACCEPT_POST = "application/x-www-form-urlencoded, multipart/form-data";
  private static final MediaType URLENCODED = MediaType.FORM_DATA;
  private static final MediaType MULTIPART = MediaType.create("multipart", "form-data");

  private final HttpHandler staticContent;
  private final HttpHandler forms;
  private final HttpHandler uploads;

  public SiteRouter(HttpHandler staticContent) {
    this.staticContent = Objects.requireNonNull(staticContent, "staticContent");
    this.forms = null;
    this.uploads = null;
  }

  /**
   * @param forms answers POSTed urlencoded forms
   * @param uploads answers POSTed multipart forms
   */
  public SiteRouter(HttpHandler staticContent, HttpHandler forms, HttpHandler uploads) {
    this.staticContent = Objects.requireNonNull(staticContent, "staticContent");
    this.forms = Objects.requireNonNull(forms, "forms");
    this.uploads = Objects.requireNonNull(uploads, "uploads");
  }

  @Override
  public HttpResponse handle(HttpRequest request) throws IOException {
    String method = request.method();
    // only the methods that would run a script are refused for .php; OPTIONS and 405s still apply
    if (SCRIPT_METHODS.contains(method) && StaticContentService.isScript(request.path())) {
      return ErrorResponses.of(501, "No PHP runner is configured");
    }
    return switch (method) {
      case "GET", "HEAD" -> staticContent.handle(request);
      case "OPTIONS" -> {
        HttpResponse response = HttpResponse.empty(204);
        response.headers().set("Allow", ALLOW);
        yield response;
      }
      case "POST" -> post(request);
      default -> {
        if (KNOWN_UNSUPPORTED.contains(method)) {
          HttpResponse response = ErrorResponses.of(405);
          response.headers().set("Allow", ALLOW);
          yield response;
        }
        yield ErrorResponses.of(501);
      }
    };
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
