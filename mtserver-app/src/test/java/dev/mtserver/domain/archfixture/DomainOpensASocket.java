package dev.mtserver.domain.archfixture;

import java.io.IOException;
import java.net.Socket;

/** Deliberately bad: a domain class doing network I/O. Only used to prove the rules bite. */
public class DomainOpensASocket {
  @SuppressWarnings("AddressSelection") // never run: the rules must reject it unread
  public Socket connect() throws IOException {
    return new Socket("example.invalid", 80);
  }
}
