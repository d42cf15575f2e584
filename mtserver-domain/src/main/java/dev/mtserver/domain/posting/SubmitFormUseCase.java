package dev.mtserver.domain.posting;

import dev.mtserver.domain.form.FormField;
import dev.mtserver.domain.form.FormSubmission;
import dev.mtserver.domain.path.SitePath;
import java.io.IOException;
import java.util.List;

/**
 * Inbound port: a form posted to a page of the site. Asked twice per request: {@link #admit} before
 * the body is read, so a refusal costs the client nothing sent in vain (and no {@code 100
 * Continue}), then {@link #submit} with the decoded fields.
 */
public interface SubmitFormUseCase {

  /** Whether a form may be posted to {@code path}: only to a page a GET would serve. */
  FormAdmission admit(SitePath path) throws IOException;

  /**
   * Records the fields posted to {@code path} by {@code remoteAddress}. When it returns, the
   * submission is durable; when it throws, nothing of it was kept.
   */
  FormSubmission submit(SitePath path, String remoteAddress, List<FormField> fields)
      throws IOException;
}
