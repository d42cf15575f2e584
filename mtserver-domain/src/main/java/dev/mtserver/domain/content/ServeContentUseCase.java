package dev.mtserver.domain.content;

import dev.mtserver.domain.path.SitePath;
import java.io.IOException;

/** Inbound port: decide what a request for a site path should get back. */
public interface ServeContentUseCase {

  ContentOutcome serve(ContentRequest request) throws IOException;

  /** {@link #serve(ContentRequest)} for a client that accepts no content coding. */
  default ContentOutcome serve(SitePath path) throws IOException {
    return serve(ContentRequest.of(path));
  }
}
