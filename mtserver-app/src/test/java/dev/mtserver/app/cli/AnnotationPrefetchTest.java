package dev.mtserver.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What the start-up's annotation reading covers, and what it must not do. */
class AnnotationPrefetchTest {

  @Test
  void it_reads_the_command_and_every_mixin_picocli_builds_the_flags_from() {
    PrintWriter sink = new PrintWriter(new StringWriter());
    CommandLine commandLine = new CommandLine(new MtServerCommand(sink, sink));
    Set<Class<?>> picocliReads = new LinkedHashSet<>();
    picocliReads.add(MtServerCommand.class);
    commandLine.getCommandSpec().mixins().values().stream()
        .map(mixin -> mixin.userObject().getClass())
        // not picocli's own mixin for --help and --version: two flags, read in no time
        .filter(mixin -> mixin.getPackageName().startsWith("dev.mtserver"))
        .forEach(picocliReads::add);

    assertThat(AnnotationPrefetch.read(MtServerCommand.class))
        .containsExactlyInAnyOrderElementsOf(picocliReads)
        .contains(OperationsOptions.class, HttpsOptions.class, PhpFpmOptions.class);
  }

  @Test
  void it_initializes_no_class_so_no_logger_is_asked_for_before_logging_is_set_up() {
    assertThat(AnnotationPrefetch.read(CommandWithStaticState.class))
        .containsExactly(CommandWithStaticState.class, MixinWithStaticState.class);

    assertThat(StaticStateWitness.initialized).isEmpty();
  }

  /** Records which of the classes below ran their static initializer. */
  static final class StaticStateWitness {
    static final Set<String> initialized = ConcurrentHashMap.newKeySet();
  }

  static final class CommandWithStaticState {
    static {
      StaticStateWitness.initialized.add("command");
    }

    @Option(names = "--flag")
    String flag;

    @Mixin MixinWithStaticState mixin;
  }

  static final class MixinWithStaticState {
    static {
      StaticStateWitness.initialized.add("mixin");
    }

    @Option(names = "--other")
    String other;
  }
}
