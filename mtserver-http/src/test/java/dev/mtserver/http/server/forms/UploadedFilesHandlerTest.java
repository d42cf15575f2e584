package dev.mtserver.http.server.forms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.domain.content.StaticContentService;
import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.testing.InMemorySite;
import dev.mtserver.domain.upload.UploadArea;
import dev.mtserver.http.server.HttpResponse;
import dev.mtserver.http.server.StaticContentHandler;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UploadedFilesHandlerTest {

  private final InMemorySite site = new InMemorySite()
      .file("/index.html", "site page")
      .file("/downloads/page.html", "<script>")
      .file("/downloads/PAGE.HTM", "<script>")
      .file("/downloads/pic.svg", "<svg/>")
      .file("/downloads/app.js", "x")
      .file("/downloads/app.mjs", "x")
      .file("/downloads/feed.xml", "x")
      .file("/downloads/page.xhtml", "x")
      .file("/downloads/report.pdf", "x")
      .file("/downloads/notes.txt", "x");
  private final UploadedFilesHandler handler = new UploadedFilesHandler(
      new StaticContentHandler(new StaticContentService(site)), UploadArea.at(SitePath.parse("/downloads/")));

  @ParameterizedTest(name = "{0} -> attachment={1}")
  @CsvSource({
      "/downloads/page.html, true",
      "/downloads/PAGE.HTM, true",
      "/downloads/pic.svg, true",
      "/downloads/app.js, true",
      "/downloads/app.mjs, true",
      "/downloads/feed.xml, true",
      "/downloads/page.xhtml, true",
      "/downloads/report.pdf, false",
      "/downloads/notes.txt, false"})
  void active_types_from_the_upload_area_are_attachments(String path, boolean attachment) throws IOException {
    HttpResponse response = handler.handle(Requests.get(path));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.headers().first("Content-Disposition").isPresent()).isEqualTo(attachment);
    assertThat(response.headers().all("X-Content-Type-Options")).containsExactly("nosniff");
    assertThat(response.headers().first("Content-Security-Policy")).contains("sandbox");
  }

  @ParameterizedTest
  @CsvSource({"/index.html", "/downloads/missing.html"})
  void pages_outside_the_area_and_errors_are_left_alone(String path) throws IOException {
    HttpResponse response = handler.handle(Requests.get(path));

    assertThat(response.headers().first("Content-Disposition")).isEmpty();
    assertThat(response.headers().first("Content-Security-Policy")).isEmpty();
  }
}
