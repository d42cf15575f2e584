package dev.mtserver.domain.script.gateway;

/**
 * The script's output did not start with a valid CGI header block: every gateway answers it with
 * {@link dev.mtserver.domain.script.ScriptOutcome.Failed} (502).
 */
public final class MalformedScriptHeadException extends Exception {
  private static final long serialVersionUID = 1L;

  MalformedScriptHeadException(String reason) {
    super(reason, null, false, false);
  }
}
