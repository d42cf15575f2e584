package dev.mtserver.app.reliability;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition that becomes true on another thread's schedule (a worker's clean-up, a close). */
final class Eventually {

  private Eventually() {}

  /** True as soon as {@code condition} holds; false if it still does not after {@code timeout}. */
  static boolean within(Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }
}
