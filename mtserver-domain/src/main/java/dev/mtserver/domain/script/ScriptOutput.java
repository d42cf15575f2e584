package dev.mtserver.domain.script;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The body of a script's answer, still coming from the running script.
 *
 * <p>Whoever receives it must end it exactly once: {@link #transferTo} or {@link #discard}, and
 * {@link #close} in any case (closing stops a script that is still running).
 */
public interface ScriptOutput extends Closeable {

  /**
   * The body's exact length when it is known already (the script declared it, or it has finished
   * writing), or -1.
   */
  long length();

  /**
   * Copies the rest of the body to {@code out}, passing on each part as soon as the script pauses.
   *
   * @throws IOException if {@code out} fails (the script is stopped), or if the script was cut
   *     short (its time ran out) and the body is incomplete
   */
  void transferTo(OutputStream out) throws IOException;

  /** Reads and drops the rest of the body, letting the script run to its end within its time. */
  void discard() throws IOException;

  /** Stops the script if it is still running. Idempotent; never throws. */
  @Override
  void close();
}
