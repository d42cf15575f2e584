package dev.mtserver.app;

import dev.mtserver.domain.script.ScriptRunnerPort;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * The script runner {@link Adapters} chose, if any, with what the server reads of it beyond its
 * port. Without one ({@link #NONE}) {@code .php} pages answer 501 and no script ever runs.
 *
 * @param runner the runner behind {@link ScriptRunnerPort}
 * @param running how many scripts run now, for {@link MtServer#runningScripts()}
 * @param description for the log, such as {@code /usr/bin/php-cgi (8 at once, 30.0 s each at most)}
 */
record Scripts(Optional<ScriptRunnerPort> runner, IntSupplier running, String description) {

  /** No runner: {@code .php} pages are 501, their source never sent. */
  static final Scripts NONE = new Scripts(Optional.empty(), () -> 0, "off");

  Scripts {
    Objects.requireNonNull(runner, "runner");
    Objects.requireNonNull(running, "running");
    Objects.requireNonNull(description, "description");
  }
}
