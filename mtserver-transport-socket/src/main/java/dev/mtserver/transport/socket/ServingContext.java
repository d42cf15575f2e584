package dev.mtserver.transport.socket;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * What every connection shares with its server: the configuration, whether a graceful shutdown has
 * begun, the request counter, the traffic counters, the {@code TCP_CORK} switch and the quiet
 * process's waits in the kernel ({@link QuietWait}).
 */
record ServingContext(
    TransportConfig config,
    BooleanSupplier drainingFlag,
    LongAdder requests,
    TrafficCounters traffic,
    TcpCork cork,
    QuietWait quietWait) {

  boolean draining() {
    return drainingFlag.getAsBoolean();
  }

  void requestStarted() {
    requests.increment();
  }
}
