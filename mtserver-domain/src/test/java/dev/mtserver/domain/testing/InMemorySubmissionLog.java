package dev.mtserver.domain.testing;

import dev.mtserver.domain.form.AppendSubmissionPort;
import dev.mtserver.domain.form.FormSubmission;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An {@link AppendSubmissionPort} that keeps submissions in a list; it can be told to fail. */
public final class InMemorySubmissionLog implements AppendSubmissionPort {

  private final List<FormSubmission> submissions = new CopyOnWriteArrayList<>();
  private volatile IOException failure;

  @Override
  public void append(FormSubmission submission) throws IOException {
    IOException f = failure;
    if (f != null) {
      throw f;
    }
    submissions.add(submission);
  }

  /** Makes every following append throw {@code failure}. */
  public InMemorySubmissionLog failWith(IOException failure) {
    this.failure = failure;
    return this;
  }

  public List<FormSubmission> submissions() {
    return List.copyOf(submissions);
  }
}
