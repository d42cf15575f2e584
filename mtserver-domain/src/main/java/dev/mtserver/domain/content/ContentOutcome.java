package dev.mtserver.domain.content;

import dev.mtserver.domain.path.SitePath;

/** The answer of {@link ServeContentUseCase}: one case per thing a client can be told. */
public sealed interface ContentOutcome {

  /** Send this file. */
  record Found(Resource resource) implements ContentOutcome {}

  /** The path names a directory but lacks the trailing slash: redirect to {@code location}. */
  record RedirectToDirectory(SitePath location) implements ContentOutcome {}

  /** Nothing to serve, for whatever reason; the reason is deliberately not said. */
  record NotFound() implements ContentOutcome {}
}
