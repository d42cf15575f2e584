package dev.mtserver.transport.socket;

import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.channels.SelectableChannel;

/**
 * The JDK's own native socket helpers in {@code sun.nio.ch.Net}, and a channel's file descriptor,
 * for what {@code java.nio} does not offer: {@link TcpCork}'s {@code TCP_CORK}, {@link QuietWait}'s
 * {@code poll(2)} and {@code shutdown(2)}, and {@link ListenerAlarm}'s {@code epoll} and {@code
 * eventfd}. Reaching them needs {@code java.base/sun.nio.ch} opened to this code: the runnable
 * jar's manifest does it ({@code Add-Opens}); on a plain class path pass {@code --add-opens
 * java.base/sun.nio.ch=ALL-UNNAMED}. Each user turns itself off, and says why, where they cannot be
 * reached.
 */
final class NetNatives {

  /** Why the helpers cannot be reached when {@link #find} fails with an access error. */
  static final String NOT_OPENED =
      "java.base/sun.nio.ch is not opened to MTServer "
          + "(run the jar, or add --add-opens java.base/sun.nio.ch=ALL-UNNAMED)";

  private final Class<?> net;
  private final MethodHandles.Lookup inNet;

  /** {@code SelChImpl.getFD()}, typed to take any {@link SelectableChannel} (a cast inside). */
  private final MethodHandle fileDescriptor;

  private NetNatives(Class<?> net, MethodHandles.Lookup inNet, MethodHandle fileDescriptor) {
    this.net = net;
    this.inNet = inNet;
    this.fileDescriptor = fileDescriptor;
  }

  /**
   * @throws IllegalAccessException if {@code sun.nio.ch} is not opened to this code ({@link
   *     #NOT_OPENED})
   * @throws ReflectiveOperationException if this JDK has no such classes
   */
  static NetNatives find() throws ReflectiveOperationException {
    Class<?> selectableChannel = Class.forName("sun.nio.ch.SelChImpl");
    Class<?> net = Class.forName("sun.nio.ch.Net");
    MethodHandles.Lookup inNet = MethodHandles.privateLookupIn(net, MethodHandles.lookup());
    return new NetNatives(
        net,
        inNet,
        inNet
            .findVirtual(selectableChannel, "getFD", MethodType.methodType(FileDescriptor.class))
            .asType(MethodType.methodType(FileDescriptor.class, SelectableChannel.class)));
  }

  /**
   * The static method {@code name} of the class {@code sun.nio.ch.}{@code className} (any access),
   * of the given type.
   */
  MethodHandle staticMethod(String className, String name, MethodType type)
      throws ReflectiveOperationException {
    return inNet.findStatic(sunNioCh(className), name, type);
  }

  /**
   * The value of the static {@code int} field {@code name} of {@code sun.nio.ch.}{@code className}.
   */
  int staticInt(String className, String name) throws ReflectiveOperationException {
    try {
      return (int) inNet.findStaticGetter(sunNioCh(className), name, int.class).invoke();
    } catch (ReflectiveOperationException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new ReflectiveOperationException(e);
    }
  }

  /** The constructor of {@code sun.nio.ch.}{@code className} of the given type. */
  MethodHandle constructor(String className, MethodType type) throws ReflectiveOperationException {
    return inNet.findConstructor(sunNioCh(className), type);
  }

  /** The instance method {@code name} of {@code sun.nio.ch.}{@code className}. */
  MethodHandle virtualMethod(String className, String name, MethodType type)
      throws ReflectiveOperationException {
    return inNet.findVirtual(sunNioCh(className), name, type);
  }

  private static Class<?> sunNioCh(String className) throws ClassNotFoundException {
    return Class.forName("sun.nio.ch." + className);
  }

  /** The static method {@code name} of {@code sun.nio.ch.Net}, of the given type. */
  MethodHandle netMethod(String name, MethodType type) throws ReflectiveOperationException {
    return inNet.findStatic(net, name, type);
  }

  /**
   * The channel's file descriptor. A caller that hands it to a native call must make sure no other
   * thread closes the channel meanwhile, or that a closed one does no harm: the JDK sets a closed
   * descriptor's number to -1 just before it closes it.
   */
  FileDescriptor descriptor(SelectableChannel channel) throws IOException {
    try {
      // exact: called per connection (QuietWait, TcpCork), where a generic invoke would go
      // through a type-checking adapter at every call
      return (FileDescriptor) fileDescriptor.invokeExact(channel);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IOException("cannot read the socket's file descriptor", e);
    }
  }
}
