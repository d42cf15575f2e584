package dev.mtserver.app.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** The program's entry point: {@code java -jar mtserver.jar [options]}. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    int exit = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    if (exit != MtServerCommand.KEEP_RUNNING) {
      System.exit(exit);
    }
    // otherwise the server's threads keep the JVM alive until a signal stops it
  }

  /**
   * Parses {@code args} and runs the command with the given streams.
   *
   * @return the exit code, or {@link MtServerCommand#KEEP_RUNNING} once the server is up
   */
  static int run(String[] args, PrintWriter out, PrintWriter err) {
    MtServerCommand command = new MtServerCommand(out, err);
    CommandLine commandLine = new CommandLine(command);
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setParameterExceptionHandler(
        (ex, ignored) -> {
          err.println("mtserver: " + ex.getMessage() + " (see --help)");
          return 2;
        });
    return commandLine.execute(args);
  }
}
