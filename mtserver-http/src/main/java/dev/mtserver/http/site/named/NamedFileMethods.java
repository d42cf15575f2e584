package dev.mtserver.http.site.named;

import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.upload.named.NamedFileOperation;
import dev.mtserver.domain.upload.named.NamedFilesUseCase;
import dev.mtserver.http.engine.ErrorResponses;
import dev.mtserver.http.engine.HttpResponse;
import java.util.Objects;
import java.util.Set;

/**
 * The methods a path allows, as {@code Allow} lists them: those of every page, plus {@code PUT} on
 * a file name in the uploads area, plus {@code DELETE} there where people sign in.
 */
public final class NamedFileMethods {

  /** What every page allows. */
  public static final String PAGE = "GET, HEAD, POST, OPTIONS";

  private static final String CREATE = "GET, HEAD, POST, PUT, OPTIONS";
  private static final String CHANGE = "GET, HEAD, POST, PUT, DELETE, OPTIONS";

  private final NamedFilesUseCase files;

  public NamedFileMethods(NamedFilesUseCase files) {
    this.files = Objects.requireNonNull(files, "files");
  }

  /** The {@code Allow} value for {@code path}. */
  public String allow(SitePath path) {
    Set<NamedFileOperation> operations = files.operationsAt(path);
    if (operations.contains(NamedFileOperation.DELETE)) {
      return CHANGE;
    }
    return operations.isEmpty() ? PAGE : CREATE;
  }

  /** {@code 405 Method Not Allowed} with the {@code Allow} of {@code path}. */
  public HttpResponse notAllowed(SitePath path, String reason) {
    HttpResponse response = ErrorResponses.of(405, reason);
    response.headers().set("Allow", allow(path));
    return response;
  }
}
