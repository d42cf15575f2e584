package dev.mtserver.app.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for an effect that another thread completes on its own schedule (a worker's clean-up, a
 * killed script, a closed connection), without a fixed sleep.
 */
public final class Eventually {

  private Eventually() {}

  /** True as soon as {@code condition} holds; false if it still does not after {@code timeout}. */
  public static boolean within(Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }

  /** Retries {@code assertion} until it passes; rethrows its last failure after {@code timeout}. */
  public static void within(Duration timeout, Runnable assertion) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        assertion.run();
        return;
      } catch (AssertionError e) {
        if (System.nanoTime() - deadline > 0) {
          throw e;
        }
        Thread.sleep(20);
      }
    }
  }
}
