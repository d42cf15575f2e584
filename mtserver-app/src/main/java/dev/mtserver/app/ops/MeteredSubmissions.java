package dev.mtserver.app.ops;

import dev.mtserver.domain.form.FormField;
import dev.mtserver.domain.form.FormSubmission;
import dev.mtserver.domain.form.RecordSubmissionUseCase;
import dev.mtserver.domain.path.SitePath;
import dev.mtserver.http.site.admin.ServerMetrics;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/** Counts the form submissions recorded durably (those whose {@code record} returned). */
public final class MeteredSubmissions implements RecordSubmissionUseCase {

  private final RecordSubmissionUseCase submissions;
  private final ServerMetrics metrics;

  public MeteredSubmissions(RecordSubmissionUseCase submissions, ServerMetrics metrics) {
    this.submissions = Objects.requireNonNull(submissions, "submissions");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  @Override
  public FormSubmission record(
      SitePath path, String remoteAddress, List<FormField> fields, List<String> storedFiles)
      throws IOException {
    FormSubmission recorded = submissions.record(path, remoteAddress, fields, storedFiles);
    metrics.submissionRecorded();
    return recorded;
  }
}
