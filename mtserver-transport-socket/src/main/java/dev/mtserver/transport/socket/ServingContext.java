package dev.mtserver.transport.socket;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * What every connection shares with its server: the configuration, whether a graceful shutdown
 * has begun, the request counter and the traffic counters.
 */
record ServingContext(
    TransportConfig config, BooleanSupplier drainingFlag, LongAdder requests, TrafficCounters traffic) {

  boolean draining() {
    return drainingFlag.getAsBoolean();
  }

  void requestStarted() {
    requests.increment();
  }
}
