package dev.mtserver.http.testing;

import dev.mtserver.http.spi.ChannelTransfer;
import dev.mtserver.http.spi.ClientConnection;
import dev.mtserver.http.spi.ReadPhase;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A {@link ClientConnection} without a socket: the client's bytes come from a script, and
 * everything the server writes is captured. A script is a list of steps: bytes to deliver (each
 * step is delivered by separate reads, like TCP segments), a timeout (the next read throws {@link
 * SocketTimeoutException}, as the transport does when a phase's timer expires), and then the end of
 * the stream.
 *
 * <p>It records the read phase in force at every read, every write call (so a test can tell one
 * gathering write from two), and how many bytes the server consumed.
 */
public final class ScriptedConnection implements ClientConnection {

  private boolean lingerAsked;
  private int lastWriteAnnouncedAt = -1;

  private sealed interface Step {}

  private record Bytes(byte[] bytes) implements Step {}

  private record Timeout() implements Step {}

  private final Deque<Step> script = new ArrayDeque<>();
  private final ByteArrayOutputStream written = new ByteArrayOutputStream();
  private final List<byte[]> writeCalls = new ArrayList<>();
  private final List<ReadPhase> phases = new ArrayList<>();
  private final List<ReadPhase> phasesAtReads = new ArrayList<>();
  private final InputStream input = new ScriptInput();
  private BooleanSupplier draining = () -> false;
  private ReadPhase phase = ReadPhase.IDLE;
  private long consumed;
  private int transfers;
  private boolean countsBytes = true;

  /** A connection that delivers {@code text} (ISO-8859-1) and then ends. */
  public static ScriptedConnection of(String text) {
    return new ScriptedConnection().thenSend(text);
  }

  public ScriptedConnection thenSend(String text) {
    return thenSend(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  public ScriptedConnection thenSend(byte[] bytes) {
    script.add(new Bytes(bytes.clone()));
    return this;
  }

  /** The next read after the bytes so far times out. */
  public ScriptedConnection thenTimeout() {
    script.add(new Timeout());
    return this;
  }

  /** Makes {@link #bytesWritten()} answer -1, as a transport that does not count. */
  public ScriptedConnection withoutByteCount() {
    countsBytes = false;
    return this;
  }

  @Override
  public long bytesWritten() {
    return countsBytes ? written.size() : -1;
  }

  /** Makes {@link #draining()} report what {@code draining} says, checked at each call. */
  public ScriptedConnection drainingWhen(BooleanSupplier draining) {
    this.draining = draining;
    return this;
  }

  @Override
  public InputStream input() {
    return input;
  }

  @Override
  public void readPhase(ReadPhase phase) {
    this.phase = phase;
    phases.add(phase);
  }

  @Override
  public void write(ByteBuffer... buffers) throws IOException {
    ByteArrayOutputStream call = new ByteArrayOutputStream();
    for (ByteBuffer buffer : buffers) {
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      call.write(bytes);
    }
    writeCalls.add(call.toByteArray());
    written.write(call.toByteArray());
  }

  @Override
  public void transfer(ChannelTransfer body, long position, long count) throws IOException {
    transfers++;
    WritableByteChannel sink = Channels.newChannel(written);
    long sent = 0;
    while (sent < count) {
      long n = body.transferTo(position + sent, count - sent, sink);
      if (n <= 0) {
        throw new EOFException("body ended early");
      }
      sent += n;
    }
    writeCalls.add(new byte[0]); // marks that a transfer happened between writes
  }

  @Override
  public void lingerOnClose() {
    lingerAsked = true;
  }

  @Override
  public void lastWriteBeforeClose() {
    lastWriteAnnouncedAt = writeCalls.size();
  }

  /**
   * How many writes had been made when the engine announced the last one before the close ({@link
   * ClientConnection#lastWriteBeforeClose}); -1 if it never did.
   */
  public int lastWriteAnnouncedAt() {
    return lastWriteAnnouncedAt;
  }

  /** Whether the handler asked for a lingering close ({@link ClientConnection#lingerOnClose}). */
  public boolean lingerAsked() {
    return lingerAsked;
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return new InetSocketAddress("192.0.2.7", 50123);
  }

  @Override
  public InetSocketAddress localAddress() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), 8080);
  }

  @Override
  public boolean draining() {
    return draining.getAsBoolean();
  }

  /** Everything the server wrote, as ISO-8859-1 text. */
  public String output() {
    return written.toString(StandardCharsets.ISO_8859_1);
  }

  public byte[] outputBytes() {
    return written.toByteArray();
  }

  /** Each write call's bytes, in order. */
  public List<byte[]> writeCalls() {
    return writeCalls;
  }

  public int transfers() {
    return transfers;
  }

  /** Every phase the server set, in order. */
  public List<ReadPhase> phases() {
    return phases;
  }

  /** The phase in force at each read from the input. */
  public List<ReadPhase> phasesAtReads() {
    return phasesAtReads;
  }

  /** How many bytes of the script the server has read. */
  public long consumed() {
    return consumed;
  }

  /** True when the whole script was read. */
  public boolean exhausted() {
    return script.isEmpty();
  }

  private final class ScriptInput extends InputStream {
    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      phasesAtReads.add(phase);
      if (len == 0) {
        return 0;
      }
      Step step = script.peek();
      if (step == null) {
        return -1;
      }
      if (step instanceof Timeout) {
        script.poll();
        throw new SocketTimeoutException("scripted " + phase + " timeout");
      }
      Bytes bytes = (Bytes) step;
      int n = Math.min(len, bytes.bytes.length);
      System.arraycopy(bytes.bytes, 0, b, off, n);
      script.poll();
      if (n < bytes.bytes.length) {
        script.push(new Bytes(java.util.Arrays.copyOfRange(bytes.bytes, n, bytes.bytes.length)));
      }
      consumed += n;
      return n;
    }
  }
}
