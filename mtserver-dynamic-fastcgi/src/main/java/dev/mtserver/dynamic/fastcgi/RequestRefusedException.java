package dev.mtserver.dynamic.fastcgi;

import java.io.IOException;

/**
 * The application ended the request with a {@code protocolStatus} other than {@code
 * FCGI_REQUEST_COMPLETE}: it cannot take more requests ({@code FCGI_OVERLOADED}), does not
 * multiplex, or does not know the responder role.
 */
final class RequestRefusedException extends IOException {
  private static final long serialVersionUID = 1L;

  private final int protocolStatus;

  RequestRefusedException(int protocolStatus) {
    super("php-fpm refused the request (FastCGI protocolStatus " + protocolStatus + ")");
    this.protocolStatus = protocolStatus;
  }

  /** True for {@code FCGI_OVERLOADED}: worth trying again later (503), not a fault (502). */
  boolean overloaded() {
    return protocolStatus == Records.OVERLOADED;
  }
}
