package dev.mtserver.http.server;

import com.google.common.collect.ImmutableSet;
import dev.mtserver.domain.content.StaticContentService;
import java.io.IOException;
import java.util.Objects;

/**
 * Chooses the handler for a request by method and path, and answers what no handler takes:
 * {@code OPTIONS} with 204 and {@code Allow}, known but unsupported methods with 405, unknown
 * methods with 501, and {@code .php} pages with 501 until a script runner is configured (their
 * source is never sent).
 */
public final class SiteRouter implements HttpHandler {

  static final String ALLOW = "GET, HEAD, POST, OPTIONS";
  private static final ImmutableSet<String> KNOWN_UNSUPPORTED =
      ImmutableSet.of("PUT", "DELETE", "PATCH", "CONNECT", "TRACE");
  private static final ImmutableSet<String> SCRIPT_METHODS = ImmutableSet.of("GET", "HEAD", "POST");

  private final HttpHandler staticContent;

  public SiteRouter(HttpHandler staticContent) {
    this.staticContent = Objects.requireNonNull(staticContent, "staticContent");
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
      case "POST" -> ErrorResponses.of(501, "POST is not supported yet");
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
}
