package dev.mtserver.domain.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.domain.path.SitePath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MediaTypesTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
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
    MediaTypes.table().forEach((extension, type) -> {
      String base = type.split(";")[0];
      boolean textual = base.startsWith("text/") || base.endsWith("json") || base.endsWith("xml");
      if (textual) {
        assertThat(type).as(extension).endsWith("; charset=utf-8");
      }
    });
  }
}
