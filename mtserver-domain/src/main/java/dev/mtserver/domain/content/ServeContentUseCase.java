package dev.mtserver.domain.content;

import dev.mtserver.domain.path.SitePath;
import java.io.IOException;

/** Inbound port: decide what a request for a site path should get back. */
public interface ServeContentUseCase {

  ContentOutcome serve(SitePath path) throws IOException;
}
