package dev.mtserver.app.archfixture;

import dev.mtserver.domain.form.AppendSubmissionPort;
import dev.mtserver.storage.fs.JsonLinesSubmissionLog;
import java.io.IOException;
import java.nio.file.Path;

/** Deliberately bad: a second place in the app that picks and opens a store itself. */
public class WiringBuildsAStore {
  public AppendSubmissionPort log(Path data) throws IOException {
    return JsonLinesSubmissionLog.open(data.resolve("submissions.jsonl"));
  }
}
