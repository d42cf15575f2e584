package dev.mtserver.domain.content;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * The open bytes of one resource, as the HTTP layer reads them while it sends a body. What an
 * implementation must provide, and may assume:
 *
 * <ul>
 *   <li><b>Positioned transfers, not a stream.</b> Each {@link #transferTo} names the position it
 *       starts at. Calls may come at any position and in any order (a {@code multipart/byteranges}
 *       answer jumps from part to part), but most continue exactly where the last one stopped, and
 *       an implementation may make that case cheap: a store whose reads are sequential streams
 *       keeps its own position and starts a new stream only when asked elsewhere (the object store
 *       keeps one ranged {@code GetObject} open and reads on from it).
 *   <li><b>Short transfers.</b> A call may move fewer bytes than asked, even none when the target
 *       takes nothing now; the caller calls again. The engine asks for at most 256 KiB at a time
 *       when it sends a region to the client (the transport's step, under one write deadline), and
 *       copies a region of at most 16 KiB into its own buffer when that region leaves in the same
 *       write as the head.
 *   <li><b>Zero-copy is a store's optimisation, never a promise.</b> The target may be a socket
 *       channel — then a file-backed implementation can hand the copy to the kernel ({@code
 *       FileChannel.transferTo}, {@code sendfile(2)}) — or a buffer in memory. An implementation
 *       must work with any {@link WritableByteChannel}, and a caller must not expect any copy to be
 *       avoided.
 *   <li><b>The version that was looked up.</b> The bytes are those the look-up described (its size,
 *       its {@link Validator}). A store that can no longer give them throws {@link
 *       dev.mtserver.domain.store.GoneException} rather than send other bytes; one that cannot
 *       answer, {@link dev.mtserver.domain.store.StoreUnavailableException}. Once a body has begun
 *       the client can only be cut off, so the failure ends the connection.
 *   <li><b>One thread, one close.</b> An open content is used by one thread at a time and closed
 *       once, by the caller, whether or not it was read to its end.
 * </ul>
 */
public interface OpenContent extends Closeable {

  /** The number of bytes available. */
  long size() throws IOException;

  /**
   * Copies up to {@code count} bytes starting at {@code position} to {@code target}.
   *
   * @return the number of bytes actually transferred, possibly fewer than requested; 0 at or past
   *     the end
   */
  long transferTo(long position, long count, WritableByteChannel target) throws IOException;

  /**
   * The bytes {@code position .. position+count}, if this content already has them in memory
   * outside the Java heap (a file store maps its medium-sized files): a read-only buffer of exactly
   * those bytes, which a transport may write behind a response head in the same system call. Valid
   * until this content is closed, and for the kernel to read only: a caller that would copy the
   * bytes in Java uses {@link #transferTo} instead, because where a file was cut short under its
   * mapping a read in Java ends in a JVM error, while a system call just fails.
   *
   * @return the bytes, or null when they are not in memory (most stores, most sizes): then {@link
   *     #transferTo} sends them
   */
  default ByteBuffer inMemory(long position, long count) {
    return null;
  }
}
