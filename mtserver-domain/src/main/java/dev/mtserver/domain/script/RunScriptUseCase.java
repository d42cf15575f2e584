package dev.mtserver.domain.script;

import java.io.IOException;

/** Inbound port: run the script a request names, and say what came of it. */
public interface RunScriptUseCase {

  /**
   * Runs the script {@code invocation} names and says what came of it.
   *
   * @throws IOException only when reading the request body failed (the client went away, stalled or
   *     sent a malformed body); everything the script itself does wrong is an outcome
   */
  ScriptOutcome run(ScriptInvocation invocation) throws IOException;
}
