package dev.mtserver.app.ops;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.LogbackServiceProvider;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.StatusUtil;
import ch.qos.logback.core.util.StatusPrinter2;
import org.slf4j.helpers.Reporter;

/**
 * The server's SLF4J provider: Logback, configured by {@link ApplicationLogConfiguration} straight
 * away, named to SLF4J by the program instead of found on the class path.
 *
 * <p>Why: left to itself, SLF4J looks for its provider through the {@link java.util.ServiceLoader}
 * and Logback then looks for configurators the same way and reads their ranking annotations. Each
 * look reads {@code META-INF/services} from every jar of the class path (the first also has the
 * class loader read the server jar's central directory, which the time-zone rules of the logs'
 * timestamps would read a little later anyway): 15–45 ms of the process's CPU at start, in
 * interleaved starts with and without (docs/benchmarks.md, thirty-second session). The program
 * knows which provider it ships, so {@code Main} names it ({@link #select}) before the first logger
 * is asked for, and this class configures the context as the service-loaded configuration would
 * have. Code that runs without {@code Main} (the tests, a library user) still gets the same log:
 * SLF4J then finds Logback's own provider, and Logback this configuration, through the service
 * loader ({@code META-INF/services}).
 *
 * <p>An operator's own file still wins: with {@code -Dlogback.configurationFile=FILE} Logback's own
 * initialisation runs and reads it, and an operator's {@code -Dslf4j.provider} is left alone.
 */
public final class ApplicationLogProvider extends LogbackServiceProvider {

  /** SLF4J's system property naming the provider class, read at its first logger. */
  static final String PROVIDER_PROPERTY = "slf4j.provider";

  /**
   * SLF4J's own verbosity: it reports a provider named by {@link #PROVIDER_PROPERTY} with an INFO
   * line on stderr ("Attempting to load provider ..."), on every start. Warnings still show.
   */
  static final String VERBOSITY_PROPERTY = "slf4j.internal.verbosity";

  /** For SLF4J, which instantiates it by name. */
  public ApplicationLogProvider() {
    // the context and the adapters come from LogbackServiceProvider's constructor
  }

  /**
   * Names this class to SLF4J, unless the process already names a provider. Call before the first
   * {@code LoggerFactory.getLogger}: SLF4J reads the property once.
   */
  public static void select() {
    if (System.getProperty(PROVIDER_PROPERTY) == null) {
      System.setProperty(PROVIDER_PROPERTY, ApplicationLogProvider.class.getName());
      if (System.getProperty(VERBOSITY_PROPERTY) == null) {
        System.setProperty(VERBOSITY_PROPERTY, "WARN");
      }
    }
  }

  /** What {@link LogbackServiceProvider#initialize} does, with our configuration in its place. */
  @Override
  public void initialize() {
    LoggerContext context = (LoggerContext) getLoggerFactory();
    context.setName(CoreConstants.DEFAULT_CONTEXT_NAME);
    context.setMDCAdapter(getMDCAdapter());
    ApplicationLogConfiguration configuration = new ApplicationLogConfiguration();
    configuration.setContext(context);
    if (configuration.configure(context) == ExecutionStatus.INVOKE_NEXT_IF_ANY) {
      // it stepped aside for an operator's file: Logback's own initialisation reads that
      try {
        new ContextInitializer(context).autoConfig();
      } catch (JoranException e) {
        // as Logback's own provider reports it; the status printed below says what failed
        Reporter.error("Failed to auto configure default logger context", e);
      }
    }
    if (!StatusUtil.contextHasStatusListener(context)) {
      new StatusPrinter2().printInCaseOfErrorsOrWarnings(context);
    }
    context.start();
  }
}
