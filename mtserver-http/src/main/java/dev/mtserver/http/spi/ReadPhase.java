package dev.mtserver.http.spi;

/**
 * What the handler is waiting for when it reads; each phase has its own timeout in the transport.
 */
public enum ReadPhase {
  /** Between requests on a persistent connection: the keep-alive idle timeout applies. */
  IDLE,
  /**
   * Reading a request line and header block: one deadline covers the whole head, so a client
   * dribbling a byte at a time (slowloris) is cut off when it expires. The engine enters it exactly
   * once per request, well-formed or not, so a transport may count requests by it.
   */
  HEADER,
  /** Reading a request body: an inactivity timeout applies to each read. */
  BODY
}
