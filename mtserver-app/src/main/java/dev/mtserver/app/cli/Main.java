package dev.mtserver.app.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.mtserver.app.ops.ApplicationLogProvider;
import dev.mtserver.threads.ThreadSource;
import dev.mtserver.transport.tls.TlsPolicy;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/** The program's entry point: {@code java -jar mtserver.jar [options]}. */
public final class Main {

  private static final Pattern OPTION_IN_MESSAGE = Pattern.compile("option '(--[a-z0-9-]+)'");

  private Main() {}

  public static void main(String[] args) {
    var unused = prepareProcess();
    int exit =
        run(
            args,
            new PrintWriter(System.out, true, UTF_8),
            new PrintWriter(System.err, true, UTF_8),
            System.getenv());
    if (exit != MtServerCommand.KEEP_RUNNING) {
      System.exit(exit);
    }
    // otherwise the server's threads keep the JVM alive until a signal stops it
  }

  /**
   * What the process sets up before the command runs, here and in the {@link TrainingRun}: the
   * fatal-error policy, logging, the TLS policy.
   *
   * @return the thread source the policy's reporter came from
   */
  static ThreadSource prepareProcess() {
    // Before any logger is asked for: SLF4J then searches the class path for no provider.
    ApplicationLogProvider.select();
    // The command's annotations are read on a thread of its own while FatalErrors.install sets up
    // logging (its logger is the process's first); the policy covers that thread too, as every
    // thread: it is the default handler, consulted when an error is thrown.
    ThreadSource threads = new ThreadSource();
    AnnotationPrefetch.start(MtServerCommand.class, threads);
    FatalErrors.install(threads); // an OutOfMemoryError anywhere from now on stops the process
    // Before any TLS class loads: JSSE reads it once. TLS 1.2 clients may not renegotiate (a
    // denial-of-service lever that scanners flag; TLS 1.3 has no renegotiation). ADR 0032.
    System.setProperty(TlsPolicy.REJECT_CLIENT_RENEGOTIATION, "true");
    return threads;
  }

  /** {@link #run(String[], PrintWriter, PrintWriter, Map)} with no {@code MTSERVER_*} variables. */
  static int run(String[] args, PrintWriter out, PrintWriter err) {
    return run(args, out, err, Map.of());
  }

  /**
   * Parses {@code args}, with defaults from {@code environment} and the {@code --config} file, and
   * runs the command with the given streams.
   *
   * @return the exit code, or {@link MtServerCommand#KEEP_RUNNING} once the server is up
   */
  static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> environment) {
    CommandLine commandLine;
    try {
      commandLine =
          commandLine(new MtServerCommand(out, err, environment), args, environment, out, err);
    } catch (LayeredDefaults.ConfigurationException e) {
      err.println("mtserver: " + e.getMessage());
      return 2;
    }
    return commandLine.execute(args);
  }

  /**
   * The command line for {@code command}: its streams, its defaults from {@code environment} and
   * the {@code --config} file named in {@code args} (unknown {@code MTSERVER_*} variables are
   * warned about on {@code err}), and one-line errors that say where a bad value came from.
   *
   * @throws LayeredDefaults.ConfigurationException if the configuration file cannot be used
   */
  static CommandLine commandLine(
      MtServerCommand command,
      String[] args,
      Map<String, String> environment,
      PrintWriter out,
      PrintWriter err)
      throws LayeredDefaults.ConfigurationException {
    CommandLine commandLine = new CommandLine(command);
    commandLine.setOut(out);
    commandLine.setErr(err);
    CommandSpec spec = commandLine.getCommandSpec();
    LayeredDefaults defaults = LayeredDefaults.load(args, environment);
    defaults.validate(spec);
    for (String variable : defaults.unknownEnvironmentVariables(spec)) {
      err.println(
          "mtserver: ignoring "
              + variable
              + ": there is no flag --"
              + variable
                  .substring(LayeredDefaults.ENV_PREFIX.length())
                  .toLowerCase(java.util.Locale.ROOT)
                  .replace('_', '-'));
    }
    commandLine.setDefaultValueProvider(defaults);
    commandLine.setParameterExceptionHandler(
        (ex, ignored) -> {
          err.println(
              "mtserver: " + ex.getMessage() + origin(ex, spec, defaults, args) + " (see --help)");
          return 2;
        });
    return commandLine;
  }

  /** " (from environment variable X)" when the bad value did not come from the command line. */
  private static String origin(
      ParameterException ex, CommandSpec spec, LayeredDefaults defaults, String[] args) {
    Optional<String> name = Optional.empty();
    if (ex.getArgSpec() instanceof OptionSpec option) {
      name = Optional.of(option.longestName());
    } else if (ex.getMessage() != null) {
      Matcher m = OPTION_IN_MESSAGE.matcher(ex.getMessage());
      if (m.find()) {
        name = Optional.of(m.group(1));
      }
    }
    if (name.isEmpty() || onCommandLine(name.get(), args)) {
      return "";
    }
    OptionSpec option = spec.findOption(name.get());
    if (option == null) {
      return "";
    }
    return defaults.source(option).map(source -> " (from " + source.description() + ")").orElse("");
  }

  private static boolean onCommandLine(String option, String[] args) {
    for (String arg : args) {
      if (arg.equals(option) || arg.startsWith(option + "=")) {
        return true;
      }
    }
    return false;
  }
}
