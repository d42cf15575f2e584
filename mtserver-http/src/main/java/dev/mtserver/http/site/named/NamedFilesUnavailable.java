package dev.mtserver.http.site.named;

import dev.mtserver.domain.upload.UploadArea;
import dev.mtserver.http.engine.ErrorResponses;
import dev.mtserver.http.engine.HttpHandler;
import dev.mtserver.http.engine.HttpRequest;
import dev.mtserver.http.engine.HttpResponse;
import java.util.Objects;

/**
 * Answers {@code PUT} and {@code DELETE} where the upload store cannot name files (the object
 * store, for now): {@code 501 Not Implemented} saying so in the uploads area, {@code 405} with
 * {@code Allow} elsewhere, as everywhere.
 */
public final class NamedFilesUnavailable implements HttpHandler {

  private final UploadArea area;
  private final String reason;

  /**
   * @param reason what a client is told, such as "The object store does not take PUT or DELETE"
   */
  public NamedFilesUnavailable(UploadArea area, String reason) {
    this.area = Objects.requireNonNull(area, "area");
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  @Override
  public HttpResponse handle(HttpRequest request) {
    if (area.contains(request.path())) {
      return ErrorResponses.of(501, reason);
    }
    HttpResponse response = ErrorResponses.of(405);
    response.headers().set("Allow", NamedFileMethods.PAGE);
    return response;
  }
}
