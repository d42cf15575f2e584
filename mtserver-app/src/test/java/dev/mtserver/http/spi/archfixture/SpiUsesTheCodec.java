package dev.mtserver.http.spi.archfixture;

import dev.mtserver.http.codec.HttpLimits;

/** Deliberately bad: an SPI type that drags the codec into every transport. */
public interface SpiUsesTheCodec {
  HttpLimits limits();
}
