package dev.mtserver.http.server.forms;

import com.google.common.collect.ImmutableSet;
import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.upload.UploadArea;
import dev.mtserver.http.server.HttpHandler;
import dev.mtserver.http.server.HttpRequest;
import dev.mtserver.http.server.HttpResponse;
import java.io.IOException;
import java.util.Objects;

/**
 * Wraps the static-content handler so that files a stranger uploaded are served as data, never
 * as active content of this site.
 *
 * <p>For any file below the {@link UploadArea}: {@code X-Content-Type-Options: nosniff}, and
 * {@code Content-Security-Policy: sandbox} (should a browser render it anyway, it runs in an
 * opaque origin without scripts). Types a browser would render as a page or run as a script
 * ({@code .html}, {@code .htm}, {@code .xhtml}, {@code .svg}, {@code .js}, {@code .mjs},
 * {@code .xml}, ...) also get {@code Content-Disposition: attachment}, so they are downloaded
 * instead of opened. The wrapped handler itself is unchanged; this only adds headers.
 */
public final class UploadedFilesHandler implements HttpHandler {

  /** Extensions of types that browsers render or execute (compared lower-case). */
  static final ImmutableSet<String> ACTIVE_EXTENSIONS = ImmutableSet.of(
      "html", "htm", "xhtml", "xht", "shtml", "svg", "svgz", "js", "mjs", "xml", "xsl", "xslt");

  private final HttpHandler files;
  private final UploadArea area;

  public UploadedFilesHandler(HttpHandler files, UploadArea area) {
    this.files = Objects.requireNonNull(files, "files");
    this.area = Objects.requireNonNull(area, "area");
  }

  @Override
  public HttpResponse handle(HttpRequest request) throws IOException {
    HttpResponse response = files.handle(request);
    SitePath path = request.path();
    if (!area.contains(path) || path.isDirectoryForm()) {
      return response;
    }
    int status = response.status();
    if ((status >= 200 && status < 300) || status == 304) {
      response.headers().set("X-Content-Type-Options", "nosniff");
      response.headers().set("Content-Security-Policy", "sandbox");
      if (isActive(path)) {
        response.headers().set("Content-Disposition", "attachment");
      }
    }
    return response;
  }

  /** True for a type a browser would render as a document or run as a script. */
  static boolean isActive(SitePath path) {
    return path.extension().filter(ACTIVE_EXTENSIONS::contains).isPresent();
  }
}
