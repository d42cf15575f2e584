package dev.mtserver.transport.socket;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds or a generous limit passes: no test depends on tight timing. */
final class Eventually {

  private Eventually() {}

  /** True as soon as {@code condition} holds; false if it still does not after {@code limit}. */
  static boolean holds(Duration limit, BooleanSupplier condition) throws InterruptedException {
    long until = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - until > 0) {
        return false;
      }
      Thread.sleep(10);
    }
    return true;
  }
}
