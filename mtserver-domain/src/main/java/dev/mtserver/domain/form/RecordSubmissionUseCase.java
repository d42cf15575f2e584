package dev.mtserver.domain.form;

import dev.mtserver.domain.path.SitePath;
import java.io.IOException;
import java.util.List;

/**
 * Inbound port: keeps a form submission. When {@link #record} returns, the submission is durable
 * (on stable storage); when it throws, nothing of it was kept.
 */
public interface RecordSubmissionUseCase {

  /**
   * Records the fields posted to {@code path} by {@code remoteAddress}.
   *
   * @param storedFiles names of files stored from the same form (empty for a plain form)
   * @return the submission as recorded, with its time
   */
  FormSubmission record(
      SitePath path, String remoteAddress, List<FormField> fields, List<String> storedFiles)
      throws IOException;

  default FormSubmission record(SitePath path, String remoteAddress, List<FormField> fields)
      throws IOException {
    return record(path, remoteAddress, fields, List.of());
  }
}
