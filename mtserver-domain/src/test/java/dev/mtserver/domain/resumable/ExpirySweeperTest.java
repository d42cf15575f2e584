package dev.mtserver.domain.resumable;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ExpirySweeperTest {

  /** Sweeps that fail once, then report one removal each. */
  private final AtomicInteger sweeps = new AtomicInteger();

  private final ResumableUploadUseCase uploads =
      new ResumableUploadUseCase() {
        @Override
        public SweepReport sweep() throws IOException {
          if (sweeps.incrementAndGet() == 1) {
            throw new IOException("the store could not be listed");
          }
          return new SweepReport(1, 0, 0, List.of());
        }

        @Override
        public ResumableUploadLimits limits() {
          throw new UnsupportedOperationException();
        }

        @Override
        public CreateOutcome create(OptionalLong length, UploadMetadata metadata) {
          throw new UnsupportedOperationException();
        }

        @Override
        public StatusOutcome status(UploadId id) {
          throw new UnsupportedOperationException();
        }

        @Override
        public AppendOutcome append(AppendRequest request) {
          throw new UnsupportedOperationException();
        }

        @Override
        public TerminateOutcome terminate(UploadId id) {
          throw new UnsupportedOperationException();
        }
      };

  @Test
  void a_failed_sweep_is_reported_and_the_next_one_still_runs_on_the_callers_scheduler()
      throws Exception {
    BlockingQueue<Object> heard = new LinkedBlockingQueue<>();
    ExpirySweeper sweeper =
        new ExpirySweeper(
            uploads,
            Duration.ofMillis(10),
            new ExpirySweeper.Listener() {
              @Override
              public void swept(SweepReport report) {
                heard.add(report);
              }

              @Override
              public void failed(Exception e) {
                heard.add(e);
              }
            });
    ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
    try {
      ScheduledFuture<?> schedule = sweeper.scheduleOn(scheduler);

      assertThat(schedule.isDone()).as("a periodic sweep never completes on its own").isFalse();
      assertThat(heard.poll(10, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
      assertThat(heard.poll(10, TimeUnit.SECONDS)).isEqualTo(new SweepReport(1, 0, 0, List.of()));
    } finally {
      scheduler.shutdownNow();
    }
  }

  @Test
  void the_start_up_sweep_runs_on_the_callers_thread() throws IOException {
    sweeps.set(1); // past the failing one
    ExpirySweeper sweeper =
        new ExpirySweeper(
            uploads,
            ExpirySweeper.DEFAULT_INTERVAL,
            new ExpirySweeper.Listener() {
              @Override
              public void swept(SweepReport report) {}

              @Override
              public void failed(Exception e) {}
            });

    assertThat(sweeper.sweepNow().expired()).isEqualTo(1);
  }
}
