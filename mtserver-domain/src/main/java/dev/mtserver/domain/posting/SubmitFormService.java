package dev.mtserver.domain.posting;

import dev.mtserver.domain.content.ContentOutcome;
import dev.mtserver.domain.content.ServeContentUseCase;
import dev.mtserver.domain.form.FormField;
import dev.mtserver.domain.form.FormSubmission;
import dev.mtserver.domain.form.RecordSubmissionUseCase;
import dev.mtserver.domain.path.SitePath;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * Implements {@link SubmitFormUseCase}: a form may be posted to any page that a GET would serve
 * with 200 (an HTML file, an index page, an upload served as data), and is recorded through {@link
 * RecordSubmissionUseCase}.
 */
public final class SubmitFormService implements SubmitFormUseCase {

  private final ServeContentUseCase pages;
  private final RecordSubmissionUseCase submissions;

  public SubmitFormService(ServeContentUseCase pages, RecordSubmissionUseCase submissions) {
    this.pages = Objects.requireNonNull(pages, "pages");
    this.submissions = Objects.requireNonNull(submissions, "submissions");
  }

  @Override
  public FormAdmission admit(SitePath path) throws IOException {
    return isPage(pages, path) ? FormAdmission.ACCEPTED : FormAdmission.NOT_A_PAGE;
  }

  @Override
  public FormSubmission submit(SitePath path, String remoteAddress, List<FormField> fields)
      throws IOException {
    return submissions.record(path, remoteAddress, fields);
  }

  /** True when {@code path} names a page that GET would serve with 200. */
  static boolean isPage(ServeContentUseCase pages, SitePath path) throws IOException {
    return pages.serve(path) instanceof ContentOutcome.Found;
  }
}
