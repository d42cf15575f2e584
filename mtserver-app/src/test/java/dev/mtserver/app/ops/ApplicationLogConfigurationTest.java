package dev.mtserver.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;

class ApplicationLogConfigurationTest {

  @Test
  void the_level_variable_is_read_in_any_case_and_info_stands_in_for_none_or_nonsense() {
    assertThat(ApplicationLogConfiguration.initialLevel("debug")).isEqualTo(Level.DEBUG);
    assertThat(ApplicationLogConfiguration.initialLevel(" WARN ")).isEqualTo(Level.WARN);
    assertThat(ApplicationLogConfiguration.initialLevel(null)).isEqualTo(Level.INFO);
    assertThat(ApplicationLogConfiguration.initialLevel("")).isEqualTo(Level.INFO);
    assertThat(ApplicationLogConfiguration.initialLevel("loud")).isEqualTo(Level.INFO);
  }

  @Test
  void a_fresh_context_gets_one_stderr_appender_on_the_root_and_nothing_else_runs_after_it() {
    LoggerContext context = new LoggerContext();
    ApplicationLogConfiguration configuration = new ApplicationLogConfiguration();
    configuration.setContext(context);

    ExecutionStatus status = configuration.configure(context);

    assertThat(status).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    assertThat(root.getAppender("STDERR"))
        .isInstanceOfSatisfying(
            ConsoleAppender.class,
            appender -> {
              assertThat(appender.getTarget()).isEqualTo("System.err");
              assertThat(appender.isStarted()).isTrue();
            });
    context.stop();
  }
}
