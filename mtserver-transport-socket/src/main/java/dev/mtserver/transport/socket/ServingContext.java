package dev.mtserver.transport.socket;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * What every connection shares with its server: the configuration, whether a graceful shutdown
 * has begun, and the request counter.
 */
record ServingContext(TransportConfig config, BooleanSupplier drainingFlag, LongAdder requests) {

  boolean draining() {
    return drainingFlag.getAsBoolean();
  }

  void requestStarted() {
    requests.increment();
  }
}
