package dev.mtserver.app.upload;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/** Reads DATA/submissions.jsonl back, each line strictly as one JSON object. */
public final class SubmissionLines {

  /** One line: the page, the client, the fields as "name=value" strings, the stored files. */
  public record Line(
      String time, String path, String remoteAddress, List<String> fields, List<String> files) {}

  private static final JsonFactory JSON = new JsonFactory();

  private SubmissionLines() {}

  public static List<Line> read(Path file) throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    String text = Files.readString(file, UTF_8);
    if (!text.isEmpty() && !text.endsWith("\n")) {
      throw new AssertionError("the log does not end with a whole line");
    }
    List<Line> lines = new ArrayList<>();
    for (String line : text.lines().toList()) {
      lines.add(parse(line));
    }
    return lines;
  }

  static Line parse(String line) {
    String time = null;
    String path = null;
    String remote = null;
    List<String> fields = new ArrayList<>();
    List<String> files = new ArrayList<>();
    try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), line)) {
      expect(p.nextToken(), JsonToken.START_OBJECT);
      while (p.nextToken() == JsonToken.PROPERTY_NAME) {
        String name = p.currentName();
        switch (name) {
          case "time" -> time = stringValue(p);
          case "path" -> path = stringValue(p);
          case "remoteAddress" -> remote = stringValue(p);
          case "fields" -> {
            expect(p.nextToken(), JsonToken.START_ARRAY);
            while (p.nextToken() == JsonToken.START_OBJECT) {
              String fieldName = null;
              String value = null;
              while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                if (p.currentName().equals("name")) {
                  fieldName = stringValue(p);
                } else {
                  value = stringValue(p);
                }
              }
              fields.add(fieldName + "=" + value);
            }
          }
          case "files" -> {
            expect(p.nextToken(), JsonToken.START_ARRAY);
            while (p.nextToken() == JsonToken.VALUE_STRING) {
              files.add(p.getString());
            }
          }
          default -> throw new AssertionError("unexpected property " + name + " in " + line);
        }
      }
      if (p.nextToken() != null) {
        throw new AssertionError("more than one JSON value on a line: " + line);
      }
    }
    return new Line(time, path, remote, fields, files);
  }

  private static String stringValue(JsonParser p) {
    expect(p.nextToken(), JsonToken.VALUE_STRING);
    return p.getString();
  }

  private static void expect(JsonToken actual, JsonToken expected) {
    if (actual != expected) {
      throw new AssertionError("expected " + expected + " but found " + actual);
    }
  }
}
