package dev.mtserver.http.engine.archfixture;

import dev.mtserver.domain.content.ContentRequest;
import dev.mtserver.domain.content.ServeContentUseCase;
import dev.mtserver.domain.path.SitePath;
import java.io.IOException;

/** Deliberately bad: the engine calling a use case itself, as if it were a site. */
public class EngineServesContent {
  public Object serve(ServeContentUseCase content) throws IOException {
    return content.serve(ContentRequest.of(SitePath.ROOT));
  }
}
