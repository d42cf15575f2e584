package dev.mtserver.domain.posting;

import java.io.IOException;

/**
 * Inbound port: a multipart form posted to the site, carrying files to store and text fields to
 * record. Asked twice per request: {@link #admit} before the body is read (so a refusal sends no
 * {@code 100 Continue} and reads nothing), then {@link #receive} to take the body in.
 */
public interface AcceptUploadUseCase {

  /** Whether the form may be received: where it was posted, and whether there is room for it. */
  UploadDecision admit(UploadCommand command) throws IOException;

  /** Starts receiving a form {@link #admit} accepted. The caller closes the reception. */
  UploadReception receive(UploadDecision.Accepted accepted);
}
