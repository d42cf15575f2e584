package dev.mtserver.http.site.content;

import dev.mtserver.domain.content.ArchiveFolderUseCase;
import dev.mtserver.domain.content.FolderArchive;
import dev.mtserver.http.codec.HttpFields;
import dev.mtserver.http.engine.ErrorResponses;
import dev.mtserver.http.engine.HttpHandler;
import dev.mtserver.http.engine.HttpRequest;
import dev.mtserver.http.engine.HttpResponse;
import dev.mtserver.http.site.StoreFailures;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A folder as one download ({@code GET /PATH/?archive=zip} or {@code ?archive=tar}, ADRs 0044 and
 * 0047) in front of the static content handler: the domain's {@link ArchiveFolderUseCase} says
 * whether the folder may be listed and whether it is within the bounds (413 before any byte when it
 * is not), and {@link FolderArchiveBody} streams the zip, {@link FolderTarBody} the tar; a folder
 * that may not be listed is 404. Every other request goes to {@code files}.
 *
 * <p>A {@code HEAD} gets what a {@code GET} would (RFC 9110 §9.3.2): the walk runs, because it
 * decides between 200 and 413, but it only reads names and sizes; no file is opened and no archive
 * written, since the body is produced only when the engine sends one.
 */
public final class FolderArchiveHandler implements HttpHandler {

  private static final Logger log = LoggerFactory.getLogger(FolderArchiveHandler.class);

  private final ArchiveFolderUseCase archives;
  private final HttpHandler files;

  public FolderArchiveHandler(ArchiveFolderUseCase archives, HttpHandler files) {
    this.archives = Objects.requireNonNull(archives, "archives");
    this.files = Objects.requireNonNull(files, "files");
  }

  @Override
  public HttpResponse handle(HttpRequest request) throws IOException {
    Optional<String> format =
        request.rawQuery().flatMap(query -> QueryWords.value(query, "archive"));
    if (format.isEmpty() || !(request.method().equals("GET") || request.method().equals("HEAD"))) {
      return files.handle(request);
    }
    try {
      return archive(request, format.get());
    } catch (IOException e) {
      Optional<HttpResponse> answer = StoreFailures.ofRead(e);
      if (answer.isEmpty() || answer.get().status() >= 500) {
        log.warn("Could not archive {}: {}", request.path(), e.toString());
      }
      return answer.orElseGet(() -> ErrorResponses.of(500, "Internal server error"));
    }
  }

  /** A folder as one download, or why not: 404 where it may not be listed, 413 over the bounds. */
  private HttpResponse archive(HttpRequest request, String format) throws IOException {
    boolean zip = format.equals("zip");
    if (!zip && !format.equals("tar")) {
      return ErrorResponses.of(400, "Unknown archive format; use archive=zip or archive=tar");
    }
    return switch (archives.plan(request.path())) {
      case FolderArchive.Ready ready -> {
        String fileName =
            zip
                ? FolderArchiveBody.fileName(ready.directory())
                : FolderTarBody.fileName(ready.directory());
        HttpFields headers =
            new HttpFields()
                .add("Content-Type", zip ? "application/zip" : "application/x-tar")
                .add("Content-Disposition", attachment(fileName))
                .add("X-Content-Type-Options", "nosniff")
                .add("Cache-Control", "no-store");
        // the body is written only when sent: a HEAD gets these headers and no archive is made
        yield new HttpResponse(
            200, headers, zip ? FolderArchiveBody.zip(ready) : FolderTarBody.tar(ready));
      }
      case FolderArchive.TooLarge tooLarge ->
          ErrorResponses.of(
              413,
              "This folder is larger than one download may be (at most "
                  + tooLarge.limits().maxFiles()
                  + " files and "
                  + tooLarge.limits().maxBytes()
                  + " bytes)");
      case FolderArchive.RedirectToDirectory redirect -> {
        HttpResponse response = ErrorResponses.of(301);
        response
            .headers()
            .set("Location", redirect.location().toUriPath() + "?" + request.rawQuery().get());
        yield response;
      }
      case FolderArchive.NotFound notFound -> ErrorResponses.of(404);
    };
  }

  /** {@code attachment} with an ASCII file name and the exact one in RFC 8187 form. */
  private static String attachment(String fileName) {
    StringBuilder ascii = new StringBuilder(fileName.length());
    for (int i = 0; i < fileName.length(); i++) {
      char c = fileName.charAt(i);
      ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? c : '_');
    }
    String encoded = URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20");
    return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
  }
}
