package dev.mtserver.storage.fs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mtserver.domain.form.FormField;
import dev.mtserver.domain.form.FormSubmission;
import dev.mtserver.domain.path.SitePath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

class JsonLinesSubmissionLogTest {

  @TempDir Path dir;

  private static FormSubmission submission(String... nameValues) {
    List<FormField> fields = new ArrayList<>();
    for (int i = 0; i < nameValues.length; i += 2) {
      fields.add(new FormField(nameValues[i], nameValues[i + 1]));
    }
    return new FormSubmission(
        Instant.parse("2026-05-04T03:02:01.123Z"),
        SitePath.parse("/form.html"),
        "192.0.2.1",
        fields,
        List.of());
  }

  @Test
  @SuppressWarnings("try") // the resource is the point: it is held open, not used
  void a_second_open_in_this_jvm_is_refused_and_leaves_the_first_locked_against_other_processes(
      @TempDir Path scratch) throws Exception {
    Path file = dir.resolve("submissions.jsonl");
    try (JsonLinesSubmissionLog first = JsonLinesSubmissionLog.open(file)) {

      assertThatThrownBy(() -> JsonLinesSubmissionLog.open(file))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("in use");
      // On Linux, closing any channel to a file drops every lock the JVM holds on it: the refused
      // open must not have touched the file.
      assertThat(new OtherProcessLocks(scratch).probe(file)).isEqualTo("locked");
    }
  }

  @Test
  @SuppressWarnings("try") // the resource is the point: it is held open, not used
  void the_same_file_under_another_name_is_refused_too(@TempDir Path scratch) throws Exception {
    Path file = dir.resolve("submissions.jsonl");
    Path link = Files.createSymbolicLink(dir.resolve("alias.jsonl"), file.getFileName());
    try (JsonLinesSubmissionLog first = JsonLinesSubmissionLog.open(file)) {

      assertThatThrownBy(() -> JsonLinesSubmissionLog.open(link))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("in use");
      assertThat(new OtherProcessLocks(scratch).probe(file)).isEqualTo("locked");
    }
  }

  @Test
  @SuppressWarnings("try") // the resource is the point: it is held open, not used
  void closing_twice_does_not_unguard_a_log_opened_in_between(@TempDir Path scratch)
      throws Exception {
    Path file = dir.resolve("submissions.jsonl");
    JsonLinesSubmissionLog first = JsonLinesSubmissionLog.open(file);
    first.close();
    try (JsonLinesSubmissionLog second = JsonLinesSubmissionLog.open(file)) {
      first.close(); // a shutdown path that closes again

      assertThatThrownBy(() -> JsonLinesSubmissionLog.open(file)).isInstanceOf(IOException.class);
      assertThat(new OtherProcessLocks(scratch).probe(file)).isEqualTo("locked");
    }
  }

  @Test
  void each_submission_is_one_json_line_with_fields_in_order() throws IOException {
    Path file = dir.resolve("data/submissions.jsonl");
    try (JsonLinesSubmissionLog log = JsonLinesSubmissionLog.open(file)) {
      log.append(
          submission("tag", "a", "note", "line one\nline two \"quoted\" \u2028 é", "tag", "b"));
    }

    List<String> lines = Files.readAllLines(file, UTF_8);
    assertThat(lines)
        .containsExactly(
            "{\"time\":\"2026-05-04T03:02:01.123Z\",\"path\":\"/form.html\",\"remoteAddress\":\"192.0.2.1\","
                + "\"fields\":[{\"name\":\"tag\",\"value\":\"a\"},{\"name\":\"note\",\"value\":\"line"
                + " one\\n"
                + "line two \\\"quoted\\\" \u2028 é\"},{\"name\":\"tag\",\"value\":\"b\"}]}");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void stored_files_are_listed_when_a_form_came_with_files() throws IOException {
    Path file = dir.resolve("submissions.jsonl");
    try (JsonLinesSubmissionLog log = JsonLinesSubmissionLog.open(file)) {
      log.append(
          new FormSubmission(
              Instant.EPOCH,
              SitePath.parse("/upload"),
              "::1",
              List.of(new FormField("note", "x")),
              List.of("a.pdf", "a (1).pdf")));
    }

    assertThat(Files.readString(file, UTF_8)).endsWith(",\"files\":[\"a.pdf\",\"a (1).pdf\"]}\n");
  }

  @Test
  void appends_after_existing_lines_and_cuts_off_a_torn_last_line() throws IOException {
    Path file = dir.resolve("submissions.jsonl");
    Files.writeString(file, "{\"old\":1}\n{\"torn\":", UTF_8);

    try (JsonLinesSubmissionLog log = JsonLinesSubmissionLog.open(file)) {
      log.append(submission("a", "1"));
    }

    List<String> lines = Files.readAllLines(file, UTF_8);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).isEqualTo("{\"old\":1}");
    assertThat(lines.get(1)).startsWith("{\"time\"");
  }

  @Test
  void a_file_that_is_one_torn_line_becomes_empty() throws IOException {
    Path file = dir.resolve("submissions.jsonl");
    Files.writeString(file, "x".repeat(10_000), UTF_8);

    JsonLinesSubmissionLog.open(file).close();

    assertThat(Files.size(file)).isZero();
  }

  @Test
  void concurrent_appends_never_interleave_or_tear_a_line() throws Exception {
    Path file = dir.resolve("submissions.jsonl");
    int threads = 8;
    int perThread = 50;
    String big = "v".repeat(20_000); // lines larger than any single write the OS guarantees atomic
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    try (JsonLinesSubmissionLog log = JsonLinesSubmissionLog.open(file)) {
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String id = Integer.toString(t);
        workers.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      for (int i = 0; i < perThread; i++) {
                        try {
                          log.append(
                              submission("thread", id, "i", Integer.toString(i), "big", big));
                        } catch (Throwable e) {
                          failures.add(e);
                        }
                      }
                    }));
      }
      for (Thread worker : workers) {
        worker.join();
      }
    }

    assertThat(failures).isEmpty();
    List<String> lines = Files.readAllLines(file, UTF_8);
    assertThat(lines).hasSize(threads * perThread);
    JsonFactory json = new JsonFactory();
    for (String line : lines) {
      try (JsonParser parser = json.createParser(ObjectReadContext.empty(), line)) {
        int tokens = 0;
        JsonToken token;
        while ((token = parser.nextToken()) != null) {
          tokens++;
          if (token == JsonToken.VALUE_STRING && parser.getString().startsWith("v")) {
            assertThat(parser.getString()).isEqualTo(big);
          }
        }
        assertThat(tokens).isGreaterThan(10);
      }
    }
  }
}
