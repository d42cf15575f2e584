package dev.mtserver.http.site.forms;

import com.google.common.html.HtmlEscapers;
import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.posting.UploadedFile;
import dev.mtserver.http.codec.HttpFields;
import dev.mtserver.http.engine.HttpResponse;
import dev.mtserver.http.engine.ResponseBody;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
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

  private static byte[] html(List<UploadedFile> files) {
    var escape = HtmlEscapers.htmlEscaper();
    StringBuilder page =
        new StringBuilder(512)
            .append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .append("<title>Upload stored</title>\n</head>\n<body>\n<h1>Stored ")
            .append(files.size())
            .append(files.size() == 1 ? " file" : " files")
            .append("</h1>\n<ul>\n");
    for (UploadedFile file : files) {
      String name = escape.escape(file.name());
      page.append("<li>");
      Optional<SitePath> url = file.location();
      if (url.isPresent()) {
        page.append("<a href=\"")
            .append(escape.escape(url.get().toUriPath()))
            .append("\">")
            .append(name)
            .append("</a>");
      } else {
        page.append(name);
      }
      page.append(" (")
          .append(file.size())
          .append(file.size() == 1 ? " byte" : " bytes")
          .append(")</li>\n");
    }
    page.append("</ul>\n<p><a href=\"/\">Back to the site</a></p>\n</body>\n</html>\n");
    return page.toString().getBytes(StandardCharsets.UTF_8);
  }
}
