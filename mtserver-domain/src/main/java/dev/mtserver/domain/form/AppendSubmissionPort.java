package dev.mtserver.domain.form;

import java.io.IOException;

/**
 * Outbound port: an append-only log of submissions.
 *
 * <p>{@link #append} returns only once the submission is on stable storage. Concurrent appends
 * never interleave: each submission is one whole record, and a failed append leaves no partial
 * record behind.
 */
public interface AppendSubmissionPort {

  void append(FormSubmission submission) throws IOException;
}
