package dev.mtserver.domain.script;

import java.io.IOException;

/**
 * Outbound port: runs one script for one request — a php-cgi process, a php-fpm pool.
 * Implementations bound how many scripts run at once ({@link ScriptOutcome.Busy} past that, before
 * the body is read) and how long each may take ({@link ScriptOutcome.TimedOut}), stop a script
 * whose output nobody reads any more, and report every failure of their own (a process that would
 * not start, a pool that refuses, a malformed answer) as an outcome, never as an exception. An
 * implementation interprets the {@link ScriptLocation} a {@link LocateScriptPort} made; one it
 * cannot run (another kind than it knows) is {@link ScriptOutcome.Failed}.
 */
public interface ScriptRunnerPort {

  /**
   * Starts {@code script}, gives it the invocation's body, and returns once its answer's header has
   * been read (or it failed).
   *
   * @throws IOException only when reading the invocation's body failed; the exception is the one
   *     the body threw
   */
  ScriptOutcome run(ScriptFile script, ScriptInvocation invocation) throws IOException;
}
