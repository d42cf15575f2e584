package dev.mtserver.http.site.forms;

import com.google.common.html.HtmlEscapers;
import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.posting.UploadedFile;
import dev.mtserver.http.codec.HttpFields;
import dev.mtserver.http.engine.HttpResponse;
import dev.mtserver.http.engine.ResponseBody;
import dev.mtserver.http.site.PageStyle;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The {@code 201 Created} answer to an upload: {@code Location} of the first stored file and a body
 * listing every stored file, as JSON for scripts or as a small HTML page for browsers.
 *
 * <p>JSON: {@code {"files":[{"name":"a.pdf","size":123,"url":"/downloads/a.pdf"}]}}; {@code url} is
 * {@code null} when the uploads directory is outside the site.
 */
final class UploadResponses {

  private static final JsonFactory JSON = new JsonFactory();

  private UploadResponses() {}

  static HttpResponse created(List<UploadedFile> files, boolean json) {
    byte[] body = json ? json(files) : html(files);
    HttpFields headers =
        new HttpFields()
            .add("Content-Type", json ? "application/json" : "text/html; charset=utf-8")
            .add("Cache-Control", "no-store")
            .add("X-Content-Type-Options", "nosniff");
    if (!json) { // the page is ours and has no script; the names on it are the uploader's
      headers.add("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
    }
    if (!files.isEmpty()) {
      files.get(0).location().ifPresent(path -> headers.add("Location", path.toUriPath()));
    }
    return new HttpResponse(201, headers, new ResponseBody.Bytes(body));
  }

  private static byte[] json(List<UploadedFile> files) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 96 * files.size());
    try (JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(), out)) {
      json.writeStartObject();
      json.writeName("files");
      json.writeStartArray();
      for (UploadedFile file : files) {
        json.writeStartObject();
        json.writeStringProperty("name", file.name());
        json.writeNumberProperty("size", file.size());
        Optional<SitePath> url = file.location();
        json.writeStringProperty("url", url.map(SitePath::toUriPath).orElse(null));
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    return out.toByteArray();
  }

  /**
   * The page a browser shows after an upload, in the site's style: what was stored, each name a
   * link to the file, and links to the folder they are in and back to the site. Every name is
   * escaped and every link is a percent-encoded absolute path.
   */
  private static byte[] html(List<UploadedFile> files) {
    var escape = HtmlEscapers.htmlEscaper();
    String heading = "Stored " + files.size() + (files.size() == 1 ? " file" : " files");
    StringBuilder page =
        new StringBuilder(1024 + 200 * files.size())
            .append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .append("<title>")
            .append(heading)
            .append("</title>\n<style>")
            .append(PageStyle.CSS)
            .append("</style>\n</head>\n<body>\n<header><a href=\"/\">MTServer</a></header>\n")
            .append("<main>\n<h1 class=\"ok\">")
            .append(heading)
            .append("</h1>\n<table id=\"stored\">\n<thead><tr><th>Name</th>")
            .append("<th class=\"size\">Size</th></tr></thead>\n<tbody>\n");
    Optional<SitePath> folder = Optional.empty();
    for (UploadedFile file : files) {
      String name = escape.escape(file.name());
      page.append("<tr><td class=\"name\">");
      Optional<SitePath> url = file.location();
      if (url.isPresent()) {
        folder = folder.or(() -> Optional.of(url.get().parent()));
        page.append("<a href=\"")
            .append(escape.escape(url.get().toUriPath()))
            .append("\">")
            .append(name)
            .append("</a>");
      } else {
        page.append(name);
      }
      page.append("</td><td class=\"size\">")
          .append(String.format(Locale.ROOT, "%,d", file.size()))
          .append(file.size() == 1 ? " byte" : " bytes")
          .append("</td></tr>\n");
    }
    page.append("</tbody>\n</table>\n<p class=\"actions\">");
    folder.ifPresent(
        path ->
            page.append("<a id=\"stored-folder\" href=\"")
                .append(escape.escape(path.toUriPath()))
                .append("\">All stored files</a>"));
    page.append("<a id=\"back\" href=\"/\">Back to the site</a></p>\n</main>\n</body>\n</html>\n");
    return page.toString().getBytes(StandardCharsets.UTF_8);
  }
}
