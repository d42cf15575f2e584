package dev.mtserver.transport.socket;

import dev.mtserver.http.spi.ChannelTransfer;
import dev.mtserver.http.spi.ClientConnection;
import dev.mtserver.http.spi.ReadPhase;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.function.BooleanSupplier;

/**
 * A {@link ClientConnection} over a blocking {@link SocketChannel}.
 *
 * <p>Reads go through the channel's socket adaptor, whose input stream honours {@code SO_TIMEOUT}
 * (a blocking {@code SocketChannel.read} does not); writes and {@code transferTo} use the channel
 * itself, so file bodies still reach the socket through {@code sendfile(2)}. Each {@link
 * ReadPhase} sets the timeout of the reads that follow; the header phase counts down one deadline
 * for the whole head.
 */
final class SocketConnection implements ClientConnection {

  private final SocketChannel channel;
  private final Socket socket;
  private final InputStream input;
  private final TransportConfig config;
  private final BooleanSupplier draining;
  private final InetSocketAddress remote;
  private final InetSocketAddress local;

  SocketConnection(SocketChannel channel, TransportConfig config, BooleanSupplier draining)
      throws IOException {
    this.channel = channel;
    this.socket = channel.socket();
    this.config = config;
    this.draining = draining;
    this.remote = (InetSocketAddress) channel.getRemoteAddress();
    this.local = (InetSocketAddress) channel.getLocalAddress();
    this.input = new PhaseTimedInput(socket.getInputStream());
    socket.setTcpNoDelay(true);
    readPhase(ReadPhase.IDLE);
  }

  private ReadPhase phase = ReadPhase.IDLE;
  private long headerDeadlineNanos;

  @Override
  public InputStream input() {
    return input;
  }

  @Override
  public void readPhase(ReadPhase phase) {
    this.phase = phase;
    if (phase == ReadPhase.HEADER) {
      headerDeadlineNanos = System.nanoTime() + config.headerTimeout().toNanos();
    }
  }

  /** Sets SO_TIMEOUT for the next read from the current phase; throws if the deadline passed. */
  private void armTimeout() throws IOException {
    long millis = switch (phase) {
      case IDLE -> config.idleTimeout().toMillis();
      case BODY -> config.bodyTimeout().toMillis();
      case HEADER -> {
        long left = (headerDeadlineNanos - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          throw new java.net.SocketTimeoutException("request head deadline passed");
        }
        yield left;
      }
    };
    socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, millis)));
  }

  @Override
  public void write(ByteBuffer... buffers) throws IOException {
    long remaining = 0;
    for (ByteBuffer b : buffers) {
      remaining += b.remaining();
    }
    while (remaining > 0) {
      remaining -= channel.write(buffers);
    }
  }

  @Override
  public void transfer(ChannelTransfer body, long position, long count) throws IOException {
    long sent = 0;
    while (sent < count) {
      long n = body.transferTo(position + sent, count - sent, channel);
      if (n <= 0) {
        throw new EOFException("body ended after " + sent + " of " + count + " bytes");
      }
      sent += n;
    }
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return remote;
  }

  @Override
  public InetSocketAddress localAddress() {
    return local;
  }

  @Override
  public boolean draining() {
    return draining.getAsBoolean();
  }

  /** The socket's input stream, with the phase's timeout set before every read. */
  private final class PhaseTimedInput extends InputStream {
    private final InputStream socketInput;

    PhaseTimedInput(InputStream socketInput) {
      this.socketInput = socketInput;
    }

    @Override
    public int read() throws IOException {
      armTimeout();
      return socketInput.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      armTimeout();
      return socketInput.read(b, off, len);
    }
  }
}
