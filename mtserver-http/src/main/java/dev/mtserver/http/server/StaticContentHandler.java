package dev.mtserver.http.server;

import dev.mtserver.domain.content.ContentOutcome;
import dev.mtserver.domain.content.OpenContent;
import dev.mtserver.domain.content.Resource;
import dev.mtserver.domain.content.ServeContentUseCase;
import dev.mtserver.http.codec.HttpDates;
import dev.mtserver.http.codec.HttpFields;
import java.io.IOException;
import java.util.Objects;

/**
 * GET and HEAD for static files: asks {@link ServeContentUseCase} what the path names and maps the
 * outcome to 200, 301 or 404. HEAD runs the same code; the connection loop leaves the body out.
 */
public final class StaticContentHandler implements HttpHandler {

  private final ServeContentUseCase content;

  public StaticContentHandler(ServeContentUseCase content) {
    this.content = Objects.requireNonNull(content, "content");
  }

  @Override
  public HttpResponse handle(HttpRequest request) throws IOException {
    return switch (content.serve(request.path())) {
      case ContentOutcome.Found found -> file(found.resource());
      case ContentOutcome.RedirectToDirectory redirect -> {
        HttpResponse response = ErrorResponses.of(301);
        String location = redirect.location().toUriPath();
        response.headers().set("Location", location);
        yield response;
      }
      case ContentOutcome.NotFound notFound -> ErrorResponses.of(404);
    };
  }

  private static HttpResponse file(Resource resource) throws IOException {
    OpenContent open = resource.source().open();
    try {
      long size = open.size();
      HttpFields headers = new HttpFields()
          .add("Content-Type", resource.mediaType())
          .add("Last-Modified", HttpDates.format(resource.lastModified()))
          .add("X-Content-Type-Options", "nosniff");
      return new HttpResponse(200, headers, new ResponseBody.Region(open::transferTo, 0, size, open));
    } catch (IOException | RuntimeException e) {
      open.close();
      throw e;
    }
  }
}
