package dev.mtserver.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.threads.ThreadSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The process's policy for uncaught errors (ADR 0022), with the halt recorded instead of done. */
class FatalErrorsTest {

  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  private final List<Integer> halts = new ArrayList<>();
  private final FatalErrors policy =
      new FatalErrors(new PrintStream(stderr, true, StandardCharsets.UTF_8), halts::add);

  private String stderr() {
    return stderr.toString(StandardCharsets.UTF_8);
  }

  @Test
  void a_heap_exhaustion_anywhere_halts_with_status_3_after_one_line() {
    policy.uncaughtException(
        new Thread("mtserver-worker-7"), new OutOfMemoryError("Java heap space"));

    assertThat(halts).containsExactly(3);
    assertThat(stderr().lines())
        .singleElement()
        .asString()
        .startsWith(
            "mtserver: fatal: java.lang.OutOfMemoryError: Java heap space on thread"
                + " mtserver-worker-7")
        .endsWith("exit status 3");
  }

  @Test
  void a_second_fatal_error_while_halting_adds_no_line() {
    policy.uncaughtException(new Thread("a"), new OutOfMemoryError("Java heap space"));
    policy.uncaughtException(new Thread("b"), new OutOfMemoryError("GC overhead limit exceeded"));

    assertThat(stderr().lines()).hasSize(1);
  }

  @Test
  void a_failure_of_the_jvm_itself_is_fatal_too() {
    assertThat(FatalErrors.isFatal(new InternalError("broken"))).isTrue();
    assertThat(FatalErrors.isFatal(new UnknownError())).isTrue();
    assertThat(FatalErrors.isFatal(new OutOfMemoryError())).isTrue();
  }

  @Test
  void a_refused_thread_a_stack_overflow_or_a_bug_ends_only_its_thread() {
    policy.uncaughtException(
        new Thread("t"),
        new OutOfMemoryError(
            "unable to create native thread: possibly out of memory or process/resource limits"
                + " reached"));
    policy.uncaughtException(new Thread("t"), new StackOverflowError());
    policy.uncaughtException(new Thread("t"), new IllegalStateException("a bug"));

    assertThat(halts).isEmpty();
    assertThat(stderr()).isEmpty(); // logged through the application log instead
  }

  @Test
  void when_even_the_line_cannot_be_built_the_prepared_one_is_written_and_the_halt_still_comes() {
    OutOfMemoryError unprintable =
        new OutOfMemoryError("Java heap space") {
          @Override
          @SuppressWarnings(
              "OverrideThrowableToString") // the point: describing the error itself fails
          public String toString() {
            throw new OutOfMemoryError("no room to describe it");
          }
        };

    policy.uncaughtException(new Thread("t"), unprintable);

    assertThat(stderr())
        .isEqualTo(
            "mtserver: fatal: java.lang.OutOfMemoryError or JVM failure; "
                + "stopping now with exit status 3\n");
    assertThat(halts).containsExactly(3);
  }

  @Test
  void a_virtual_threads_fatal_error_is_written_and_halted_by_the_platform_reporter()
      throws Exception {
    CompletableFuture<String> haltedOn = new CompletableFuture<>();
    FatalErrors withReporter =
        new FatalErrors(
            new PrintStream(stderr, true, StandardCharsets.UTF_8),
            status -> haltedOn.complete(Thread.currentThread().getName() + " " + status));
    withReporter.startReporter(new ThreadSource());

    Thread worker =
        Thread.ofVirtual()
            .name("mtserver-worker-9")
            .start(
                () ->
                    withReporter.uncaughtException(
                        Thread.currentThread(), new OutOfMemoryError("Java heap space")));
    worker.join();

    assertThat(haltedOn.get(10, TimeUnit.SECONDS)).isEqualTo("mtserver-fatal 3");
    assertThat(stderr().lines())
        .singleElement()
        .asString()
        .startsWith(
            "mtserver: fatal: java.lang.OutOfMemoryError: Java heap space on thread"
                + " mtserver-worker-9");
  }
}
