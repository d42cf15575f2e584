package dev.mtserver.domain.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.domain.path.SitePath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MediaTypesTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/a.html    | text/html; charset=utf-8",
        "/a.HTM     | text/html; charset=utf-8",
        "/a.css     | text/css; charset=utf-8",
        "/a.js      | text/javascript; charset=utf-8",
        "/a.mjs     | text/javascript; charset=utf-8",
        "/a.json    | application/json; charset=utf-8",
        "/a.svg     | image/svg+xml; charset=utf-8",
        "/a.png     | image/png",
        "/a.jpg     | image/jpeg",
        "/a.jpeg    | image/jpeg",
        "/a.gif     | image/gif",
        "/a.webp    | image/webp",
        "/a.avif    | image/avif",
        "/a.ico     | image/vnd.microsoft.icon",
        "/a.woff    | font/woff",
        "/a.woff2   | font/woff2",
        "/a.wasm    | application/wasm",
        "/a.txt     | text/plain; charset=utf-8",
        "/a.md      | text/markdown; charset=utf-8",
        "/a.xml     | application/xml; charset=utf-8",
        "/a.csv     | text/csv; charset=utf-8",
        "/a.pdf     | application/pdf",
        "/a.mp4     | video/mp4",
        "/a.webm    | video/webm",
        "/a.mp3     | audio/mpeg",
        "/a.ogg     | audio/ogg",
        "/a.wav     | audio/wav",
        "/a.zip     | application/zip",
        "/a.gz      | application/gzip",
        "/a.tar     | application/x-tar",
        "/archive.tar.gz | application/gzip",
        "/a.unknown | application/octet-stream",
        "/README    | application/octet-stream",
        "/.hidden   | application/octet-stream",
        "/a.        | application/octet-stream",
      })
  void maps_extensions_to_media_types(String path, String expected) {
    assertThat(MediaTypes.forPath(SitePath.parse(path))).isEqualTo(expected);
  }

  @Test
  void every_textual_type_declares_utf_8() {
    MediaTypes.table()
        .forEach(
            (extension, type) -> {
              String base = type.split(";", -1)[0];
              boolean textual =
                  base.startsWith("text/") || base.endsWith("json") || base.endsWith("xml");
              if (textual) {
                assertThat(type).as(extension).endsWith("; charset=utf-8");
              }
            });
  }

  /**
   * An oracle that does not share the code under test: any type whose name says HTML, XML, SVG,
   * script or WebAssembly is something a browser renders as a page or runs.
   */
  private static final java.util.regex.Pattern RENDERED_OR_RUN =
      java.util.regex.Pattern.compile("html|xml|svg|script|wasm");

  @Test
  void no_type_in_the_table_that_a_browser_renders_as_a_page_or_runs_is_passive() {
    MediaTypes.table()
        .forEach(
            (extension, type) -> {
              if (RENDERED_OR_RUN.matcher(type).find()) {
                assertThat(MediaTypes.isPassive(type)).as("." + extension + " " + type).isFalse();
              }
            });
  }

  @ParameterizedTest(name = "{0} passive={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "text/html; charset=utf-8              | false",
        "application/xhtml+xml; charset=utf-8  | false",
        "image/svg+xml; charset=utf-8          | false",
        "image/SVG+XML                         | false",
        "application/xml; charset=utf-8        | false",
        "text/xml                              | false",
        "text/xsl                              | false",
        "application/rss+xml; charset=utf-8    | false",
        "application/atom+xml; charset=utf-8   | false",
        "text/javascript; charset=utf-8        | false",
        "application/javascript                | false",
        "application/wasm                      | false",
        "application/json; charset=utf-8       | false",
        "application/octet-stream              | false",
        "application/x-shockwave-flash         | false",
        "multipart/x-mixed-replace             | false",
        "image/png                             | true",
        "IMAGE/PNG                             | true",
        "image/vnd.microsoft.icon              | true",
        "audio/mpeg                            | true",
        "video/mp4                             | true",
        "font/woff2                            | true",
        "text/plain; charset=utf-8             | true",
        "text/css; charset=utf-8               | true",
        "text/csv; charset=utf-8               | true",
        "application/pdf                       | true",
        "not-a-type                            | false",
        "''                                    | false",
      })
  void only_types_known_to_be_shown_or_played_are_passive(String type, boolean passive) {
    assertThat(MediaTypes.isPassive(type)).isEqualTo(passive);
  }
}
