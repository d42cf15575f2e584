package dev.mtserver.http.site.archfixture;

import dev.mtserver.domain.content.ContentOutcome;
import dev.mtserver.domain.content.ContentRequest;
import dev.mtserver.domain.content.ServeContentUseCase;
import dev.mtserver.domain.form.FormField;
import dev.mtserver.domain.form.RecordSubmissionUseCase;
import dev.mtserver.domain.path.SitePath;
import java.io.IOException;
import java.util.List;

/** Deliberately bad: a handler deciding, with two use cases, what only the domain should decide. */
public class SiteComposesUseCases {
  public void recordIfPage(
      ServeContentUseCase content,
      RecordSubmissionUseCase submissions,
      SitePath path,
      List<FormField> fields)
      throws IOException {
    if (content.serve(ContentRequest.of(path)) instanceof ContentOutcome.Found) {
      submissions.record(path, "client", fields);
    }
  }
}
