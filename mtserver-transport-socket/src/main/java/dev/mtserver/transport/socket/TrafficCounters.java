package dev.mtserver.transport.socket;

import java.util.concurrent.atomic.LongAdder;

/**
 * Bytes through every connection, and the timeouts that ended them, counted without locks by the
 * workers and the deadline watchdog, read by {@link SocketServer#stats()}.
 */
final class TrafficCounters {

  final LongAdder received = new LongAdder();
  final LongAdder sent = new LongAdder();
  final LongAdder headerTimeouts = new LongAdder();
  final LongAdder bodyTimeouts = new LongAdder();
  final LongAdder idleTimeouts = new LongAdder();
  final LongAdder writeTimeouts = new LongAdder();

  /**
   * A read deadline passed while the read waited for {@code wait}; a lingering close is not
   * counted.
   */
  void readTimedOut(ReadWait wait) {
    switch (wait) {
      case NEXT_REQUEST -> idleTimeouts.increment();
      case HEADER -> headerTimeouts.increment();
      case BODY -> bodyTimeouts.increment();
      case LINGER -> {} // the response is out: nothing was lost to count
    }
  }
}
