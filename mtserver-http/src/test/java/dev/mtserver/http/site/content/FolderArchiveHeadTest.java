package dev.mtserver.http.site.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.domain.content.ContentSource;
import dev.mtserver.domain.content.FolderArchive;
import dev.mtserver.domain.content.OpenContent;
import dev.mtserver.domain.content.Resource;
import dev.mtserver.domain.content.Validator;
import dev.mtserver.domain.path.SitePath;
import dev.mtserver.http.codec.HttpLimits;
import dev.mtserver.http.engine.Http1ConnectionHandler;
import dev.mtserver.http.engine.HttpResponse;
import dev.mtserver.http.testing.RawResponse;
import dev.mtserver.http.testing.ScriptedConnection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code HEAD} of a folder archive (RFC 9110 §9.3.2): the head a {@code GET} would get, and no
 * archive made: not one file opened, nothing deflated or written.
 */
class FolderArchiveHeadTest {

  private final AtomicInteger opened = new AtomicInteger();

  private Resource file(String path, String content) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    ContentSource source =
        () -> {
          opened.incrementAndGet();
          return new OpenContent() {
            @Override
            public long size() {
              return bytes.length;
            }

            @Override
            public long transferTo(long position, long count, WritableByteChannel target)
                throws IOException {
              return target.write(ByteBuffer.wrap(bytes, (int) position, (int) count));
            }

            @Override
            public void close() {}
          };
        };
    Instant modified = Instant.parse("2026-01-01T10:00:00Z");
    return new Resource(
        SitePath.parse(path),
        bytes.length,
        "text/plain",
        Validator.fromModification(modified, bytes.length),
        source);
  }

  private RawResponse exchange(String method, String format) throws IOException {
    FolderArchive.Ready ready =
        new FolderArchive.Ready(
            SitePath.parse("/docs/"),
            List.of(
                new FolderArchive.Entry("a.txt", file("/docs/a.txt", "aaa")),
                new FolderArchive.Entry("sub/b.txt", file("/docs/sub/b.txt", "bb"))),
            5);
    FolderArchiveHandler handler =
        new FolderArchiveHandler(path -> ready, request -> HttpResponse.text(404, "no"));
    ScriptedConnection connection =
        ScriptedConnection.of(
            method
                + " /docs/?archive="
                + format
                + " HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
    new Http1ConnectionHandler(handler, HttpLimits.defaults(), "MTServer/test").serve(connection);
    List<RawResponse> responses =
        method.equals("HEAD")
            ? RawResponse.parseAllHead(connection.outputBytes())
            : RawResponse.parseAll(connection.outputBytes());
    assertThat(responses).hasSize(1);
    return responses.get(0);
  }

  private static Map<String, List<String>> withoutDate(RawResponse response) {
    Map<String, List<String>> headers = new HashMap<>(response.headers());
    headers.keySet().removeIf(name -> name.equalsIgnoreCase("Date"));
    return headers;
  }

  @ParameterizedTest
  @ValueSource(strings = {"zip", "tar"})
  void head_gets_the_head_of_get_and_no_file_is_opened(String format) throws IOException {
    RawResponse head = exchange("HEAD", format);
    assertThat(opened).as("files opened for HEAD").hasValue(0);
    assertThat(head.body()).isEmpty();

    RawResponse get = exchange("GET", format);
    assertThat(opened).as("files opened for GET").hasValue(2);
    assertThat(get.body()).isNotEmpty();

    assertThat(head.status()).isEqualTo(get.status()).isEqualTo(200);
    assertThat(withoutDate(head)).isEqualTo(withoutDate(get));
  }
}
