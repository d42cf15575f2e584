package dev.mtserver.storage.postgres.archfixture;

import dev.mtserver.storage.fs.JsonLinesSubmissionLog;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Deliberately bad: one storage adapter reaching into another (the app chooses, not an adapter).
 */
public class PostgresFallsBackToTheFileLog {
  public JsonLinesSubmissionLog fallback() throws IOException {
    return JsonLinesSubmissionLog.open(Path.of("submissions.jsonl"));
  }
}
