package dev.mtserver.transport.socket;

import java.time.Duration;

/** Durations as people write them in logs and flags: {@code 10s}, {@code 500ms}, {@code 2m}. */
final class Durations {

  private Durations() {}

  static String format(Duration d) {
    long millis = d.toMillis();
    if (millis % 1000 != 0 || millis == 0) {
      return millis + "ms";
    }
    long seconds = millis / 1000;
    return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
  }
}
