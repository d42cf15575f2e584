package dev.mtserver.domain.resumable;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link ResumableUploadUseCase#sweep} once at start ({@link #sweepNow}) and then every {@code
 * interval} on a scheduler the caller owns ({@link #scheduleOn}): the domain makes no threads. A
 * sweep that fails is reported to the {@link Listener} and the next one runs as planned; a periodic
 * task that threw would never run again.
 */
public final class ExpirySweeper {

  /** How often expired uploads are looked for, unless told otherwise. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(15);

  /** Hears what each periodic sweep did; the app logs it. Called on the scheduler's thread. */
  public interface Listener {

    /** A sweep ran; {@code report} may list failures of single uploads. */
    void swept(SweepReport report);

    /** A sweep could not run at all (the store could not be listed, say). */
    void failed(Exception e);
  }

  private final ResumableUploadUseCase uploads;
  private final Duration interval;
  private final Listener listener;

  public ExpirySweeper(ResumableUploadUseCase uploads, Duration interval, Listener listener) {
    this.uploads = Objects.requireNonNull(uploads, "uploads");
    this.interval = Objects.requireNonNull(interval, "interval");
    this.listener = Objects.requireNonNull(listener, "listener");
    checkArgument(interval.isPositive(), "interval must be positive");
  }

  /** Sweeps now, on the caller's thread: the start-up sweep, before the server takes requests. */
  public SweepReport sweepNow() throws IOException {
    return uploads.sweep();
  }

  /**
   * Sweeps every {@code interval}, the first time one interval from now, until the returned future
   * is cancelled or the scheduler shut down.
   */
  public ScheduledFuture<?> scheduleOn(ScheduledExecutorService scheduler) {
    long millis = interval.toMillis();
    return scheduler.scheduleWithFixedDelay(
        this::sweepAndReport, millis, millis, TimeUnit.MILLISECONDS);
  }

  private void sweepAndReport() {
    try {
      listener.swept(uploads.sweep());
    } catch (IOException | RuntimeException e) {
      listener.failed(e); // caught so that the schedule goes on
    }
  }
}
