package dev.mtserver.dynamic.fastcgi;

import java.io.IOException;

/** The application broke the FastCGI protocol: the connection cannot be trusted any more (502). */
final class FastCgiProtocolException extends IOException {
  private static final long serialVersionUID = 1L;

  FastCgiProtocolException(String reason) {
    super(reason);
  }
}
