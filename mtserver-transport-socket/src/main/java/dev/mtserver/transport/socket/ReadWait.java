package dev.mtserver.transport.socket;

import dev.mtserver.http.spi.ReadPhase;

/**
 * What a blocked read of a connection waits for. Each has its own deadline, and its own count when
 * the deadline passes ({@link TrafficCounters}).
 */
enum ReadWait {
  /** The next request on a kept-alive connection ({@link ReadPhase#IDLE}): the idle timeout. */
  NEXT_REQUEST,
  /** The rest of a request head ({@link ReadPhase#HEADER}): one deadline for the whole head. */
  HEADER,
  /** A request body ({@link ReadPhase#BODY}): the body timeout, or the minimum rate's allowance. */
  BODY,
  /** Bytes the client still sends after its response, read and thrown away before the close. */
  LINGER;

  static ReadWait of(ReadPhase phase) {
    return switch (phase) {
      case IDLE -> NEXT_REQUEST;
      case HEADER -> HEADER;
      case BODY -> BODY;
    };
  }

  /**
   * Whether the connection holds no request while it waits so: closing it then loses the client
   * nothing but the connection (a drain, or a newcomer needing its permit may do it).
   */
  boolean holdsNoRequest() {
    return this == NEXT_REQUEST || this == LINGER;
  }
}
