package dev.mtserver.http.codec;

import java.io.IOException;
import java.io.InputStream;

/**
 * A request body as it comes off the connection, with its framing removed: {@code read} returns the
 * body's bytes and then -1, and throws {@link IncompleteBodyException} if the client stops short or
 * {@link MalformedBodyException} if the framing is broken. Closing it does not close the
 * connection.
 */
public abstract class BodyDecoder extends InputStream {

  private static final BodyDecoder EMPTY =
      new BodyDecoder() {
        @Override
        public int read() {
          return -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return len == 0 ? 0 : -1;
        }

        @Override
        public boolean discard(long maxBytes) {
          return true;
        }
      };

  /** The body of a request that has none. */
  public static BodyDecoder empty() {
    return EMPTY;
  }

  /** The decoder for {@code framing}, reading from {@code input}. */
  public static BodyDecoder of(BodyFraming framing, HttpInput input, HttpLimits limits) {
    return switch (framing) {
      case BodyFraming.None none -> EMPTY;
      case BodyFraming.Fixed fixed -> new FixedLengthBodyStream(input, fixed.length());
      case BodyFraming.Chunked chunked -> new ChunkedBodyStream(input, limits);
    };
  }

  /**
   * Reads and throws away the rest of the body, so the connection can carry another request.
   *
   * @param maxBytes the most body bytes to discard
   * @return true if the body ended within {@code maxBytes}; false if more is left (then the
   *     connection must be closed), checked up front when the remaining length is known
   */
  public abstract boolean discard(long maxBytes) throws IOException;
}
