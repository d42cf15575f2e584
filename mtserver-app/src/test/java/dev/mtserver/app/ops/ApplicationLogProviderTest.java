package dev.mtserver.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.ConsoleAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplicationLogProviderTest {

  private static final String[] PROPERTIES = {
    ApplicationLogProvider.PROVIDER_PROPERTY,
    ApplicationLogProvider.VERBOSITY_PROPERTY,
    ApplicationLogConfiguration.CONFIGURATION_FILE_PROPERTY
  };

  private final Map<String, String> saved = new HashMap<>();

  @BeforeEach
  void clearProperties() {
    for (String name : PROPERTIES) {
      saved.put(name, System.getProperty(name));
      System.clearProperty(name);
    }
  }

  @AfterEach
  void restoreProperties() {
    saved.forEach(
        (name, value) -> {
          if (value == null) {
            System.clearProperty(name);
          } else {
            System.setProperty(name, value);
          }
        });
  }

  @Test
  void select_names_this_provider_and_quiets_slf4js_report_of_it() {
    ApplicationLogProvider.select();

    assertThat(System.getProperty(ApplicationLogProvider.PROVIDER_PROPERTY))
        .isEqualTo(ApplicationLogProvider.class.getName());
    assertThat(System.getProperty(ApplicationLogProvider.VERBOSITY_PROPERTY)).isEqualTo("WARN");
  }

  @Test
  void a_provider_the_process_already_names_is_left_alone() {
    System.setProperty(ApplicationLogProvider.PROVIDER_PROPERTY, "org.example.TheirProvider");

    ApplicationLogProvider.select();

    assertThat(System.getProperty(ApplicationLogProvider.PROVIDER_PROPERTY))
        .isEqualTo("org.example.TheirProvider");
    assertThat(System.getProperty(ApplicationLogProvider.VERBOSITY_PROPERTY)).isNull();
  }

  @Test
  void initialize_gives_the_built_in_configuration_a_started_default_context() {
    ApplicationLogProvider provider = new ApplicationLogProvider();

    provider.initialize();

    LoggerContext context = (LoggerContext) provider.getLoggerFactory();
    try {
      assertThat(context.getName()).isEqualTo("default");
      assertThat(context.isStarted()).isTrue();
      assertThat(context.getMDCAdapter()).isSameAs(provider.getMDCAdapter());
      assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR"))
          .isInstanceOfSatisfying(
              ConsoleAppender.class,
              appender -> assertThat(appender.getTarget()).isEqualTo("System.err"));
    } finally {
      context.stop();
    }
  }

  @Test
  void an_operators_file_is_read_instead(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("operator.xml");
    Files.writeString(
        file,
        """
        <configuration>
          <appender name="OPERATOR" class="ch.qos.logback.core.ConsoleAppender">
            <encoder><pattern>%msg%n</pattern></encoder>
          </appender>
          <root level="WARN"><appender-ref ref="OPERATOR"/></root>
        </configuration>
        """);
    System.setProperty(ApplicationLogConfiguration.CONFIGURATION_FILE_PROPERTY, file.toString());
    ApplicationLogProvider provider = new ApplicationLogProvider();

    provider.initialize();

    LoggerContext context = (LoggerContext) provider.getLoggerFactory();
    try {
      Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
      assertThat(root.getAppender("OPERATOR")).isNotNull();
      assertThat(root.getAppender("STDERR")).isNull();
    } finally {
      context.stop();
    }
  }
}
