package dev.mtserver.http.site.named;

import dev.mtserver.domain.store.StoreUnavailableException;
import dev.mtserver.domain.upload.named.DeleteOutcome;
import dev.mtserver.domain.upload.named.NamedFilesUseCase;
import dev.mtserver.http.engine.ErrorResponses;
import dev.mtserver.http.engine.HttpHandler;
import dev.mtserver.http.engine.HttpRequest;
import dev.mtserver.http.engine.HttpResponse;
import dev.mtserver.http.site.StoreFailures;
import java.io.IOException;
import java.util.Objects;

/**
 * {@code DELETE /downloads/NAME}, mapped to the domain's {@link NamedFilesUseCase#delete}: {@code
 * 204} when the file is gone, {@code 404} when there was none, {@code 412} when {@code If-Match}
 * names another version, {@code 405} with {@code Allow} anywhere but a file name in the uploads
 * area, and there too where nobody signs in. A store that cannot answer is {@code 503}.
 */
public final class DeleteFileHandler implements HttpHandler {

  private final NamedFilesUseCase files;
  private final NamedFileMethods methods;

  public DeleteFileHandler(NamedFilesUseCase files, NamedFileMethods methods) {
    this.files = Objects.requireNonNull(files, "files");
    this.methods = Objects.requireNonNull(methods, "methods");
  }

  @Override
  public HttpResponse handle(HttpRequest request) throws IOException {
    DeleteOutcome outcome;
    try {
      outcome = files.delete(request.path(), WriteConditions.of(request.headers()));
    } catch (StoreUnavailableException e) {
      return StoreFailures.unavailableForWrite();
    }
    return switch (outcome) {
      case DeleteOutcome.Deleted deleted -> HttpResponse.empty(204);
      case DeleteOutcome.NotFound notFound -> ErrorResponses.of(404);
      case DeleteOutcome.PreconditionFailed failed ->
          ErrorResponses.of(412, "The file is not the version named in If-Match");
      case DeleteOutcome.NotWritable notWritable ->
          methods.notAllowed(request.path(), "Only a file in the uploads folder can be deleted");
      case DeleteOutcome.NotAllowed notAllowed ->
          methods.notAllowed(
              request.path(), "Deleting needs an --auth-file: this server has no users");
    };
  }
}
