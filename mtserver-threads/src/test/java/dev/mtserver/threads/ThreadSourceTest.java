package dev.mtserver.threads;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ThreadSourceTest {

  private final ThreadSource threads = new ThreadSource();
  private final Thread.UncaughtExceptionHandler before =
      Thread.getDefaultUncaughtExceptionHandler();

  @AfterEach
  void restoreTheProcessPolicy() {
    Thread.setDefaultUncaughtExceptionHandler(before);
  }

  @Test
  void pooled_and_per_task_threads_are_numbered_after_their_job() {
    Thread first = threads.daemonThreads("mtserver-worker").newThread(() -> {});
    Thread second = threads.daemonThreads("mtserver-worker").newThread(() -> {});
    Thread virtual = threads.virtualThreads("mtserver-refusal").newThread(() -> {});

    assertThat(first.getName()).isEqualTo("mtserver-worker-1");
    assertThat(first.isDaemon()).isTrue();
    assertThat(first.isVirtual()).isFalse();
    assertThat(second.getName()).as("each factory counts its own").isEqualTo("mtserver-worker-1");
    assertThat(virtual.getName()).isEqualTo("mtserver-refusal-1");
    assertThat(virtual.isVirtual()).isTrue();
  }

  @Test
  void a_single_thread_has_exactly_its_name_and_keeps_the_process_alive_unless_daemon() {
    Thread acceptor = threads.thread("mtserver-acceptor", () -> {});
    Thread watchdog = threads.daemonThread("mtserver-deadlines", () -> {});

    assertThat(acceptor.getName()).isEqualTo("mtserver-acceptor");
    assertThat(acceptor.isDaemon()).isFalse();
    assertThat(acceptor.getState()).isEqualTo(Thread.State.NEW);
    assertThat(watchdog.getName()).isEqualTo("mtserver-deadlines");
    assertThat(watchdog.isDaemon()).isTrue();
  }

  @Test
  void a_heap_exhaustion_goes_to_the_process_policy_anything_else_ends_only_its_thread()
      throws Exception {
    List<Throwable> toProcess = new CopyOnWriteArrayList<>();
    Thread.setDefaultUncaughtExceptionHandler((thread, error) -> toProcess.add(error));

    Thread oom =
        threads.daemonThread(
            "oom",
            () -> {
              throw new OutOfMemoryError("Java heap space");
            });
    Thread bug =
        threads
            .virtualThreads("bug")
            .newThread(
                () -> {
                  throw new IllegalStateException("a bug");
                });
    oom.start();
    bug.start();
    oom.join();
    bug.join();

    assertThat(toProcess).singleElement().isInstanceOf(OutOfMemoryError.class);
  }

  @Test
  void a_thread_the_os_refuses_is_told_apart_from_a_full_heap() {
    assertThat(
            ThreadSource.cannotCreateThread(
                new OutOfMemoryError(
                    "unable to create native thread: possibly out of memory or process/resource"
                        + " limits reached")))
        .isTrue();
    assertThat(ThreadSource.cannotCreateThread(new OutOfMemoryError("Java heap space"))).isFalse();
    assertThat(ThreadSource.cannotCreateThread(new OutOfMemoryError())).isFalse();
  }
}
