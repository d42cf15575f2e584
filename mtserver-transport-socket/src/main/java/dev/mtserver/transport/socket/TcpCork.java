package dev.mtserver.transport.socket;

import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.nio.channels.SocketChannel;
import java.util.Locale;

/**
 * Linux's {@code TCP_CORK} socket option, which Java does not offer: while a socket is corked the
 * kernel sends only full-sized TCP segments, and uncorking sends the rest.
 *
 * <p>Why a file transfer needs it: {@code sendfile(2)} moves a file through a 64 KiB pipe, and each
 * 64 KiB batch is handed to TCP on its own. On loopback the segment size is 65,483 bytes, so
 * without the cork every batch leaves as one full segment plus a 53-byte runt: twice the packets,
 * and a 100 MB download measured 0.74x nginx's speed, against 0.94x with the cork. nginx's {@code
 * tcp_nopush on} is this same option. That was measured on platform threads, whose blocking calls
 * take 256 KiB each; a virtual thread's non-blocking calls are few and large, and there the cork
 * only made files slower, so the transport corks files on platform threads alone. See {@code
 * docs/adr/0021-tcp-cork.md}.
 *
 * <p>How: {@code java.net} and {@code jdk.net.ExtendedSocketOptions} have no {@code TCP_CORK}, so
 * this calls the JDK's own native {@code setsockopt} helper in {@code sun.nio.ch.Net}, on the
 * channel's file descriptor ({@link NetNatives}). Where {@code sun.nio.ch} is not opened to us, or
 * the OS is not Linux, {@link #detect()} returns an instance that does nothing and says why: files
 * are still sent, in more packets.
 */
final class TcpCork {

  // from <netinet/tcp.h> and <netinet/in.h> on Linux
  private static final int IPPROTO_TCP = 6;
  private static final int TCP_CORK = 3;
  private static final int TCP_NODELAY = 1;

  private final NetNatives natives;
  private final MethodHandle
      setIntOption; // Net.setIntOption0(fd, false, level, name, value, false)
  private final MethodHandle getIntOption; // Net.getIntOption0(fd, false, level, name): int
  private final String unavailableReason;

  private TcpCork(NetNatives natives, MethodHandle setIntOption, MethodHandle getIntOption) {
    this.natives = natives;
    this.setIntOption = setIntOption;
    this.getIntOption = getIntOption;
    this.unavailableReason = null;
  }

  private TcpCork(String unavailableReason) {
    this.natives = null;
    this.setIntOption = null;
    this.getIntOption = null;
    this.unavailableReason = unavailableReason;
  }

  /** A working cork on Linux with {@code sun.nio.ch} opened to this code; a no-op otherwise. */
  static TcpCork detect() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    if (!os.startsWith("linux")) {
      return new TcpCork("TCP_CORK is Linux-only (this is " + os + ")");
    }
    try {
      NetNatives natives = NetNatives.find();
      return new TcpCork(
          natives,
          natives.netMethod(
              "setIntOption0",
              MethodType.methodType(
                  void.class,
                  FileDescriptor.class,
                  boolean.class,
                  int.class,
                  int.class,
                  int.class,
                  boolean.class)),
          natives.netMethod(
              "getIntOption0",
              MethodType.methodType(
                  int.class, FileDescriptor.class, boolean.class, int.class, int.class)));
    } catch (IllegalAccessException e) {
      return new TcpCork(NetNatives.NOT_OPENED);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return new TcpCork("this JDK has no sun.nio.ch.Net.setIntOption0 (" + e + ")");
    }
  }

  /** Whether {@link #set} does anything. */
  boolean available() {
    return unavailableReason == null;
  }

  /** Why {@link #set} does nothing, or null when it works. */
  String unavailableReason() {
    return unavailableReason;
  }

  /**
   * Corks or uncorks an open socket. The caller must make sure no other thread closes the channel
   * meanwhile: the option is set on the bare descriptor number, which a concurrent close could hand
   * to another file.
   */
  void set(SocketChannel channel, boolean corked) throws IOException {
    if (available()) {
      setTcpOption(channel, TCP_CORK, corked ? 1 : 0, "TCP_CORK");
    }
  }

  /**
   * Sets {@code TCP_NODELAY} through the same native helper, when the cork works; otherwise returns
   * false and the caller sets it the standard way. The same precondition as {@link #set}.
   *
   * <p>Why not {@code channel.setOption(TCP_NODELAY, true)}: a connection sets it once, too rarely
   * for the JIT to compile the option's lookup through {@code SocketChannelImpl} and {@code
   * Net.setSocketOption}, so on a server serving one download now and then each connection ran
   * those layers in the interpreter, tens of microseconds before its file's first byte. This call
   * is the one the cork makes twice per file, compiled early.
   *
   * @return whether the option was set here
   */
  boolean setNoDelay(SocketChannel channel) throws IOException {
    if (!available()) {
      return false;
    }
    setTcpOption(channel, TCP_NODELAY, 1, "TCP_NODELAY");
    return true;
  }

  private void setTcpOption(SocketChannel channel, int option, int value, String name)
      throws IOException {
    try {
      FileDescriptor fd = natives.descriptor(channel);
      setIntOption.invokeExact(fd, false, IPPROTO_TCP, option, value, false);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IOException("setsockopt(" + name + ") failed", e);
    }
  }

  /** Whether the socket is corked now; false when the cork is unavailable. */
  boolean isSet(SocketChannel channel) throws IOException {
    if (!available()) {
      return false;
    }
    try {
      FileDescriptor fd = natives.descriptor(channel);
      return (int) getIntOption.invokeExact(fd, false, IPPROTO_TCP, TCP_CORK) != 0;
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IOException("getsockopt(TCP_CORK) failed", e);
    }
  }
}
