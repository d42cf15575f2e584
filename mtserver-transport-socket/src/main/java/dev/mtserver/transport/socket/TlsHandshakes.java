package dev.mtserver.transport.socket;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counts a listener's TLS handshakes, completed and failed by reason, without locks. */
final class TlsHandshakes {

  private final LongAdder completed = new LongAdder();
  private final EnumMap<HandshakeFailure, LongAdder> failures =
      new EnumMap<>(HandshakeFailure.class);

  TlsHandshakes() {
    for (HandshakeFailure reason : HandshakeFailure.values()) {
      failures.put(reason, new LongAdder()); // filled once: read concurrently, never changed
    }
  }

  void completed() {
    completed.increment();
  }

  void failed(HandshakeFailure reason) {
    failures.get(reason).increment();
  }

  TlsHandshakeStats stats() {
    Map<String, Long> byReason = new LinkedHashMap<>();
    failures.forEach((reason, count) -> byReason.put(reason.label(), count.sum()));
    return new TlsHandshakeStats(completed.sum(), byReason);
  }
}
