package dev.mtserver.domain.form;

import dev.mtserver.domain.path.SitePath;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/** Implements {@link RecordSubmissionUseCase}: stamps the time and appends to the log. */
public final class SubmissionService implements RecordSubmissionUseCase {

  private final AppendSubmissionPort log;
  private final Clock clock;

  public SubmissionService(AppendSubmissionPort log, Clock clock) {
    this.log = Objects.requireNonNull(log, "log");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public FormSubmission record(
      SitePath path, String remoteAddress, List<FormField> fields, List<String> storedFiles)
      throws IOException {
    FormSubmission submission =
        new FormSubmission(clock.instant(), path, remoteAddress, fields, storedFiles);
    log.append(submission);
    return submission;
  }
}
