package dev.mtserver.transport.archfixture;

import dev.mtserver.http.codec.HttpLimits;

/** Deliberately bad: the transport using the HTTP codec instead of the SPI. */
public class TransportReachesPastTheSpi {
  public HttpLimits limits() {
    return HttpLimits.defaults();
  }
}
