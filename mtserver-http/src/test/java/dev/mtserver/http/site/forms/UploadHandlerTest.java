package dev.mtserver.http.site.forms;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mtserver.domain.content.StaticContentService;
import dev.mtserver.domain.form.FormField;
import dev.mtserver.domain.form.SubmissionService;
import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.posting.AcceptUploadService;
import dev.mtserver.domain.store.StoreUnavailableException;
import dev.mtserver.domain.store.StoreUnavailableException.Reason;
import dev.mtserver.domain.testing.InMemorySite;
import dev.mtserver.domain.testing.InMemorySubmissionLog;
import dev.mtserver.domain.testing.InMemoryUploadStore;
import dev.mtserver.domain.upload.UploadArea;
import dev.mtserver.domain.upload.UploadService;
import dev.mtserver.http.codec.HttpFields;
import dev.mtserver.http.codec.multipart.MultipartLimits;
import dev.mtserver.http.codec.multipart.MultipartReader;
import dev.mtserver.http.engine.HttpRequest;
import dev.mtserver.http.engine.HttpResponse;
import dev.mtserver.http.engine.ResponseBody;
import dev.mtserver.http.memory.MemoryBudget;
import dev.mtserver.http.site.content.StaticContentHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class UploadHandlerTest {

  private static final String BOUNDARY = "----b0undary";
  private static final String TYPE = "multipart/form-data; boundary=" + BOUNDARY;

  private final InMemorySite site = new InMemorySite().file("/upload.html", "<p>upload</p>");
  private final StaticContentService content = new StaticContentService(site);
  private final InMemorySubmissionLog log = new InMemorySubmissionLog();
  private InMemoryUploadStore store = new InMemoryUploadStore();
  private UploadLimits limits = new UploadLimits(1000, MultipartLimits.defaults(), 100);

  private AcceptUploadService uploads(UploadArea area) {
    return new AcceptUploadService(
        content, new UploadService(store), new SubmissionService(log, Clock.systemUTC()), area);
  }

  private UploadHandler handler() {
    return new UploadHandler(
        uploads(UploadArea.at(SitePath.parse("/downloads/"))),
        new StaticContentHandler(content),
        limits);
  }

  private static String filePart(String name, String fileName, String content) {
    return "--"
        + BOUNDARY
        + "\r\nContent-Disposition: form-data; name=\""
        + name
        + "\"; filename=\""
        + fileName
        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        + content
        + "\r\n";
  }

  private static String textPart(String name, String value) {
    return "--"
        + BOUNDARY
        + "\r\nContent-Disposition: form-data; name=\""
        + name
        + "\"\r\n\r\n"
        + value
        + "\r\n";
  }

  private static String close() {
    return "--" + BOUNDARY + "--\r\n";
  }

  private HttpResponse post(String path, String body, boolean chunked, String accept)
      throws IOException {
    byte[] bytes = body.getBytes(UTF_8);
    HttpFields headers = new HttpFields().add("Content-Type", TYPE);
    if (accept != null) {
      headers.add("Accept", accept);
    }
    HttpRequest request =
        Requests.post(path, headers, chunked ? -1 : bytes.length, new ByteArrayInputStream(bytes));
    return handler().handle(request);
  }

  private static String text(HttpResponse response) {
    return new String(((ResponseBody.Bytes) response.body()).content(), UTF_8);
  }

  @Test
  void stores_files_and_records_text_fields_then_answers_201_with_json() throws IOException {
    String body =
        filePart("file", "a.txt", "alpha")
            + textPart("note", "für dich")
            + filePart("file", "../b.txt", "beta")
            + close();

    HttpResponse response = post("/upload", body, false, "application/json");

    assertThat(response.status()).isEqualTo(201);
    assertThat(response.headers().first("Location")).contains("/downloads/a.txt");
    assertThat(response.headers().first("Content-Type")).contains("application/json");
    assertThat(text(response))
        .isEqualTo(
            "{\"files\":[{\"name\":\"a.txt\",\"size\":5,\"url\":\"/downloads/a.txt\"},"
                + "{\"name\":\"b.txt\",\"size\":4,\"url\":\"/downloads/b.txt\"}]}");
    assertThat(store.files()).containsOnlyKeys("a.txt", "b.txt");
    assertThat(log.submissions())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.fields()).containsExactly(new FormField("note", "für dich"));
              assertThat(s.storedFiles()).containsExactly("a.txt", "b.txt");
              assertThat(s.remoteAddress()).isEqualTo("192.0.2.9");
            });
  }

  @Test
  void a_browser_gets_a_styled_page_with_escaped_links_to_the_files_and_their_folder()
      throws IOException {
    HttpResponse response =
        post(
            "/upload.html",
            filePart("file", "<b>&.txt", "x") + close(),
            false,
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");

    assertThat(response.status()).isEqualTo(201);
    assertThat(response.headers().first("Content-Type")).contains("text/html; charset=utf-8");
    assertThat(text(response))
        .contains("<a href=\"/downloads/%3Cb%3E&amp;.txt\">&lt;b&gt;&amp;.txt</a>")
        .contains("<td class=\"size\">1 byte</td>")
        .contains("<style>")
        .contains("<a id=\"stored-folder\" href=\"/downloads/\">")
        .contains("<a id=\"back\" href=\"/\">")
        .doesNotContain("<b>");
    assertThat(response.headers().first("Content-Security-Policy"))
        .hasValueSatisfying(policy -> assertThat(policy).startsWith("default-src 'none'"));
    assertThat(log.submissions()).isEmpty(); // no text fields: nothing to record
  }

  @Test
  void an_empty_file_input_is_no_file() throws IOException {
    HttpResponse response =
        post("/upload", filePart("file", "", "") + textPart("note", "n") + close(), false, null);

    assertThat(response.status()).isEqualTo(400);
    assertThat(store.files()).isEmpty();
  }

  @Test
  void a_multipart_form_without_files_posted_to_a_page_is_recorded_and_the_page_served()
      throws IOException {
    HttpResponse response =
        post("/upload.html", textPart("a", "1") + textPart("a", "2") + close(), false, null);

    assertThat(response.status()).isEqualTo(200);
    assertThat(log.submissions())
        .singleElement()
        .satisfies(
            s ->
                assertThat(s.fields())
                    .containsExactly(new FormField("a", "1"), new FormField("a", "2")));
  }

  @Test
  void a_path_that_is_not_a_page_is_404_before_the_body_is_read() throws IOException {
    HttpRequest request =
        Requests.post(
            "/nothing/here",
            new HttpFields().add("Content-Type", TYPE),
            10,
            Requests.untouchable());

    assertThat(handler().handle(request).status()).isEqualTo(404);
  }

  @Test
  void a_content_length_over_the_limit_is_413_before_the_body_is_read() throws IOException {
    HttpRequest request =
        Requests.post(
            "/upload", new HttpFields().add("Content-Type", TYPE), 1001, Requests.untouchable());

    HttpResponse response = handler().handle(request);

    assertThat(response.status()).isEqualTo(413);
    assertThat(response.headers().containsToken("Connection", "close")).isTrue();
  }

  @Test
  void a_content_length_over_the_free_space_is_507_before_the_body_is_read() throws IOException {
    store = new InMemoryUploadStore(500);
    HttpRequest request =
        Requests.post(
            "/upload", new HttpFields().add("Content-Type", TYPE), 600, Requests.untouchable());

    assertThat(handler().handle(request).status()).isEqualTo(507);
  }

  @Test
  void a_chunked_body_that_grows_past_the_limit_is_413_and_leaves_nothing() throws IOException {
    String body =
        filePart("file", "small.txt", "ok")
            + filePart("file", "big.bin", "x".repeat(2000))
            + close();

    HttpResponse response = post("/upload", body, true, null);

    assertThat(response.status()).isEqualTo(413);
    assertThat(response.headers().containsToken("Connection", "close")).isTrue();
    assertThat(store.files()).isEmpty();
    assertThat(store.pendingCount()).isZero();
  }

  @Test
  void a_full_store_is_507_and_leaves_nothing() throws IOException {
    store = new InMemoryUploadStore(100);
    limits = new UploadLimits(100_000, MultipartLimits.defaults(), 100);

    HttpResponse response =
        post("/upload", filePart("file", "big.bin", "x".repeat(500)) + close(), true, null);

    assertThat(response.status()).isEqualTo(507);
    assertThat(store.files()).isEmpty();
    assertThat(store.pendingCount()).isZero();
  }

  @Test
  void a_malformed_body_is_400_and_leaves_nothing() throws IOException {
    HttpResponse response =
        post(
            "/upload",
            filePart("file", "a.txt", "complete") + filePart("file", "b.txt", "cut sho"),
            false,
            null);

    assertThat(response.status()).isEqualTo(400);
    assertThat(store.files()).isEmpty();
    assertThat(store.pendingCount()).isZero();
  }

  @Test
  void too_many_parts_is_413() throws IOException {
    limits = new UploadLimits(100_000, new MultipartLimits(2, 8192), 100);

    HttpResponse response =
        post(
            "/upload",
            textPart("a", "1") + filePart("f", "x", "x") + textPart("b", "2") + close(),
            false,
            null);

    assertThat(response.status()).isEqualTo(413);
    assertThat(store.files()).isEmpty();
  }

  @Test
  void text_fields_over_their_budget_are_413() throws IOException {
    HttpResponse response =
        post(
            "/upload",
            textPart("a", "y".repeat(101)) + filePart("f", "x", "x") + close(),
            false,
            null);

    assertThat(response.status()).isEqualTo(413);
  }

  @Test
  void a_missing_boundary_is_400() throws IOException {
    HttpRequest request =
        Requests.post(
            "/upload",
            new HttpFields().add("Content-Type", "multipart/form-data"),
            10,
            Requests.untouchable());

    assertThat(handler().handle(request).status()).isEqualTo(400);
  }

  @Test
  @SuppressWarnings("InputStreamSlowMultibyteRead") // it exists to fail a read; speed is moot
  void a_client_that_goes_away_mid_upload_gets_no_answer_and_leaves_nothing() {
    byte[] start =
        (filePart("file", "a.txt", "done")
                + "--"
                + BOUNDARY
                + "\r\n"
                + "Content-Disposition: form-data; name=\"f\"; filename=\"b.bin\"\r\n\r\n"
                + "partial")
            .getBytes(ISO_8859_1);
    InputStream dying =
        new SequenceInputStream(
            new ByteArrayInputStream(start),
            new InputStream() {
              @Override
              public int read() throws IOException {
                throw new IOException("Connection reset");
              }
            });
    HttpRequest request =
        Requests.post("/upload", new HttpFields().add("Content-Type", TYPE), 900, dying);

    assertThatThrownBy(() -> handler().handle(request)).hasMessage("Connection reset");
    assertThat(store.files()).isEmpty();
    assertThat(store.pendingCount()).isZero();
  }

  @Test
  void binary_content_with_boundary_like_lines_is_stored_byte_for_byte() throws IOException {
    limits = new UploadLimits(1 << 20, MultipartLimits.defaults(), 100);
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    for (int i = 0; i < 256; i++) {
      content.write(i);
    }
    content.writeBytes(
        ("\r\n--" + BOUNDARY + "x\r\n--" + BOUNDARY.substring(3) + "\r\n\r\n")
            .getBytes(ISO_8859_1));
    String payload = new String(content.toByteArray(), ISO_8859_1);
    ByteArrayOutputStream full = new ByteArrayOutputStream();
    full.writeBytes(
        ("--"
                + BOUNDARY
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bin.dat\"\r\n\r\n")
            .getBytes(ISO_8859_1));
    full.writeBytes(payload.getBytes(ISO_8859_1));
    full.writeBytes(("\r\n" + close()).getBytes(ISO_8859_1));
    HttpRequest request =
        Requests.post(
            "/upload",
            new HttpFields().add("Content-Type", TYPE),
            full.size(),
            new ByteArrayInputStream(full.toByteArray()));

    assertThat(handler().handle(request).status()).isEqualTo(201);
    assertThat(store.file("bin.dat"))
        .hasValueSatisfying(b -> assertThat(b).isEqualTo(content.toByteArray()));
  }

  @Test
  void files_reach_no_url_when_uploads_are_outside_the_site() throws IOException {
    UploadHandler outside =
        new UploadHandler(
            uploads(UploadArea.outsideSite()), new StaticContentHandler(content), limits);
    byte[] body = (filePart("file", "a.txt", "x") + close()).getBytes(UTF_8);

    HttpResponse response =
        outside.handle(
            Requests.post(
                "/upload",
                new HttpFields().add("Content-Type", TYPE).add("Accept", "application/json"),
                body.length,
                new ByteArrayInputStream(body)));

    assertThat(response.status()).isEqualTo(201);
    assertThat(response.headers().first("Location")).isEmpty();
    assertThat(text(response))
        .isEqualTo("{\"files\":[{\"name\":\"a.txt\",\"size\":1,\"url\":null}]}");
  }

  @Test
  void a_failing_submission_log_is_500_not_a_dead_connection() throws IOException {
    log.failWith(new IOException("log broken"));

    HttpResponse response =
        post("/upload", textPart("a", "1") + filePart("f", "x.txt", "x") + close(), false, null);

    assertThat(response.status()).isEqualTo(500);
    assertThat(text(response)).doesNotContain("log broken");
  }

  @Test
  void
      an_upload_the_request_memory_budget_cannot_take_in_is_503_with_retry_after_and_leaves_nothing()
          throws IOException {
    limits = new UploadLimits(100_000, MultipartLimits.defaults(), 10_000);
    MemoryBudget budget = MemoryBudget.of(MultipartReader.BUFFER_BYTES + 10_000);
    UploadHandler small =
        new UploadHandler(
            uploads(UploadArea.at(SitePath.parse("/downloads/"))),
            new StaticContentHandler(content),
            limits,
            budget);
    byte[] body =
        (filePart("file", "a.txt", "alpha") + textPart("note", "n".repeat(5000)) + close())
            .getBytes(UTF_8);

    HttpResponse response =
        small.handle(
            Requests.post(
                "/upload",
                new HttpFields().add("Content-Type", TYPE),
                body.length,
                new ByteArrayInputStream(body)));

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.headers().first("Retry-After")).contains("1");
    assertThat(response.headers().first("Connection")).contains("close");
    assertThat(store.files()).isEmpty();
    assertThat(store.pendingCount()).isZero();
    assertThat(log.submissions()).isEmpty();
    assertThat(budget.inUse()).as("given back").isZero();
  }

  @SuppressWarnings(
      "InputStreamSlowMultibyteRead") // a byte at a time on purpose; speed is moot in a test
  @Test
  void an_upload_in_progress_holds_its_reader_buffer_and_its_text_until_it_is_done()
      throws IOException {
    MemoryBudget budget = MemoryBudget.of(1 << 20);
    UploadHandler measured =
        new UploadHandler(
            uploads(UploadArea.at(SitePath.parse("/downloads/"))),
            new StaticContentHandler(content),
            limits,
            budget);
    long[] heldWhileStoring = new long[1];
    String whole = textPart("note", "hello") + filePart("file", "a.txt", "alpha") + close();
    int afterContent = whole.indexOf("alpha") + "alpha".length();
    InputStream body =
        new SequenceInputStream(
            java.util.Collections.enumeration(
                java.util.List.of(
                    new ByteArrayInputStream(whole.substring(0, afterContent).getBytes(UTF_8)),
                    new InputStream() { // read while the file streams: the text field is in memory
                      // by now
                      @Override
                      public int read() {
                        heldWhileStoring[0] = budget.inUse();
                        return -1;
                      }
                    },
                    new ByteArrayInputStream(whole.substring(afterContent).getBytes(UTF_8)))));

    assertThat(
            measured
                .handle(
                    Requests.post("/upload", new HttpFields().add("Content-Type", TYPE), -1, body))
                .status())
        .isEqualTo(201);
    assertThat(heldWhileStoring[0])
        .isEqualTo(
            MultipartReader.BUFFER_BYTES + (long) MemoryBudget.TEXT_BYTE_COST * "hello".length());
    assertThat(budget.inUse()).isZero();
  }

  @Test
  void a_store_that_cannot_answer_is_503_with_retry_after_and_leaves_nothing() throws IOException {
    store.failWith(new StoreUnavailableException(Reason.UNREACHABLE, "bucket refused", null));
    HttpResponse storeDown =
        post(
            "/upload",
            textPart("a", "1") + filePart("file", "a.txt", "alpha") + close(),
            false,
            null);
    site.failLookups(new StoreUnavailableException(Reason.TIMED_OUT, "bucket silent", null));
    HttpResponse siteDown =
        handler()
            .handle(
                Requests.post(
                    "/upload.html",
                    new HttpFields().add("Content-Type", TYPE),
                    10,
                    Requests.untouchable()));

    for (HttpResponse response : new HttpResponse[] {storeDown, siteDown}) {
      assertThat(response.status()).isEqualTo(503);
      assertThat(response.headers().first("Retry-After")).contains("5");
      assertThat(response.headers().first("Connection")).contains("close");
    }
    assertThat(store.files()).isEmpty();
    assertThat(log.submissions()).isEmpty();
  }
}
