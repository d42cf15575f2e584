package dev.mtserver.transport.archfixture;

/** Deliberately bad: the transport, too, takes its threads from the source it is given. */
public class TransportStartsItsOwnThread {
  public Thread acceptor(Runnable loop) {
    return new Thread(loop, "acceptor");
  }
}
