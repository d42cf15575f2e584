package dev.mtserver.storage.fs;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One version of a file mapped read-only into memory, shared by the requests that send it, and
 * unmapped as soon as the cache has let go of it and the last of those requests is done.
 *
 * <p><b>Why map.</b> A mapped file can leave behind its response head in one gathering {@code
 * writev(2)}: the kernel copies the pages into the socket, as it copies them for {@code read(2)},
 * but no byte passes through the Java heap. The {@code sendfile(2)} path costs five system calls
 * more per response on this JDK (the cork set and cleared around it, the head's own {@code write},
 * and the {@code fstat} and failing {@code copy_file_range} that {@code FileChannel.transferTo}
 * makes before its {@code sendfile}), which outweighs the copy it saves for files up to {@link
 * OpenFileCache#MAPPED_MAX_BYTES} (docs/adr/0053-medium-files-written-from-a-mapping.md).
 *
 * <p><b>Why count references.</b> The JDK unmaps a {@link MappedByteBuffer} only when the garbage
 * collector finds it unreachable, and a mapping that has lived a minute in a cache is collected
 * only with the old generation, which a server with a small heap may not collect for days. Until
 * then a replaced or deleted file's blocks stay allocated, and each replacement adds a mapping to
 * the process's limit ({@code vm.max_map_count}). So the cache holds one reference and each request
 * one more; the last {@link #release} unmaps at once. Unmapping while a request still wrote from
 * the mapping would make that write fail, or a read of it in Java crash the JVM, which the count
 * rules out.
 */
final class MappedFile {

  private static final Logger log = LoggerFactory.getLogger(MappedFile.class);
  private static final Unmapper UNMAPPER = Unmapper.find();

  private final MappedByteBuffer mapping;
  private final ByteBuffer readOnly;
  private final AtomicInteger references = new AtomicInteger(1); // the cache's own

  private MappedFile(MappedByteBuffer mapping) {
    this.mapping = mapping;
    this.readOnly = mapping.asReadOnlyBuffer();
  }

  /**
   * Maps the first {@code size} bytes of {@code channel}'s file; the mapping outlives the channel.
   * The caller holds the first reference.
   *
   * @throws IOException if the file is now shorter, or the system refuses the mapping
   */
  static MappedFile map(FileChannel channel, long size) throws IOException {
    return new MappedFile(channel.map(FileChannel.MapMode.READ_ONLY, 0, size));
  }

  /**
   * One more user of the mapping, who must {@link #release} it; false once it is unmapped or being
   * unmapped, and then the caller sends the file another way.
   */
  boolean retain() {
    int count;
    do {
      count = references.get();
      if (count == 0) {
        return false;
      }
    } while (!references.compareAndSet(count, count + 1));
    return true;
  }

  /** Gives a reference back; the last one unmaps. */
  void release() {
    int left = references.decrementAndGet();
    if (left == 0) {
      UNMAPPER.unmap(mapping);
    } else if (left < 0) {
      throw new IllegalStateException("released more often than retained");
    }
  }

  /**
   * The bytes {@code position .. position+count} as a read-only buffer of their own, or null when
   * the range does not lie inside the mapping. Only while the caller holds a reference.
   */
  ByteBuffer slice(long position, long count) {
    if (position < 0 || count < 0 || position + count > readOnly.capacity()) {
      return null;
    }
    return readOnly.slice((int) position, (int) count);
  }

  /**
   * Unmaps a mapping now. The JDK has no public way to (before the foreign-memory API, which this
   * Java 21 build cannot use), so it takes the first of:
   *
   * <ol>
   *   <li>{@code sun.nio.ch.FileChannelImpl.unmap}, the JDK's own (private) unmapping of the
   *       buffers its {@code map} returns, unchanged since Java 8; it is reached the way the
   *       transport reaches {@code sun.nio.ch}'s socket helpers, so it needs that package opened to
   *       this code, as the runnable jar's manifest ({@code Add-Opens}) and {@code bin/mtserver}
   *       ({@code --add-opens}) do;
   *   <li>{@code sun.misc.Unsafe.invokeCleaner} (module {@code jdk.unsupported}; Lucene and Netty
   *       unmap with it), where {@code sun.nio.ch} is not opened. Since Java 24 the JDK deprecates
   *       it for removal and its first call prints a warning to stderr, naming this class and
   *       asking its users to report it: a warning a server's operator cannot act on, which is why
   *       it is only the fallback;
   *   <li>neither: unmapping is left to the garbage collector, as before Java had either, and the
   *       log says so once.
   * </ol>
   *
   * <p>All are found by reflection, so the build needs no internal API.
   */
  private record Unmapper(MethodHandle unmap) {

    static Unmapper find() {
      try {
        Class<?> fileChannel = Class.forName("sun.nio.ch.FileChannelImpl");
        return new Unmapper(
            MethodHandles.privateLookupIn(fileChannel, MethodHandles.lookup())
                .findStatic(
                    fileChannel,
                    "unmap",
                    MethodType.methodType(void.class, MappedByteBuffer.class)));
      } catch (ReflectiveOperationException | RuntimeException notOpened) {
        return throughUnsafe(notOpened);
      }
    }

    private static Unmapper throughUnsafe(Exception whyNotTheJdks) {
      try {
        Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
        Field instance = unsafeClass.getDeclaredField("theUnsafe");
        instance.setAccessible(true);
        MethodHandle cleaner =
            MethodHandles.lookup()
                .findVirtual(
                    unsafeClass,
                    "invokeCleaner",
                    MethodType.methodType(void.class, ByteBuffer.class))
                .bindTo(instance.get(null))
                .asType(MethodType.methodType(void.class, MappedByteBuffer.class));
        log.debug(
            "Mapped files are unmapped through sun.misc.Unsafe: {}", whyNotTheJdks.toString());
        return new Unmapper(cleaner);
      } catch (ReflectiveOperationException | RuntimeException e) {
        log.info(
            "Mapped files are unmapped by the garbage collector only: {}; {}",
            whyNotTheJdks.toString(),
            e.toString());
        return new Unmapper(null);
      }
    }

    void unmap(MappedByteBuffer mapping) {
      if (unmap == null) {
        return;
      }
      try {
        unmap.invokeExact(mapping);
      } catch (Error e) {
        throw e;
      } catch (Throwable e) { // invokeExact declares Throwable; both unmappers throw unchecked only
        log.warn("Could not unmap a file; the garbage collector will: {}", e.toString());
      }
    }
  }
}
