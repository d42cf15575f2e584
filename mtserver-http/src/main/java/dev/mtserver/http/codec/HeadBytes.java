package dev.mtserver.http.codec;

import dev.mtserver.http.memory.MemoryLease;
import dev.mtserver.http.memory.RequestMemoryExhaustedException;
import java.util.Arrays;

/**
 * The raw bytes of one request head (its lines, without their CRLFs) and where each header field's
 * name and value lie in them.
 *
 * <p>One {@link RequestHeadParser} owns one of these and reuses it for every request on its
 * connection, so parsing a head allocates no per-line objects. {@link HttpFields} built on it read
 * names and values straight from these bytes and turn them into strings only when asked. Each
 * {@link #reset} starts a new generation; fields of an earlier generation refuse to be read, so a
 * handler that keeps a request past its exchange fails loudly instead of reading the next request's
 * bytes.
 *
 * <p>The first {@value #INITIAL_BYTES} bytes are part of every connection's fixed cost; growth
 * beyond them is request data held in memory, reserved from the connection's {@link MemoryLease}
 * before it is allocated, and given back when a grown buffer is dropped at the next {@link #reset}
 * (a connection that once sent a 30 KiB head does not keep 32 KiB for its whole life).
 */
final class HeadBytes {

  private static final int INITIAL_BYTES = 1024;

  /** A buffer grown past this is dropped at the next reset; smaller ones are kept and reused. */
  private static final int KEPT_BYTES = 8 * 1024;

  private static final int INITIAL_FIELDS = 32;

  private final MemoryLease memory;
  byte[] bytes = new byte[INITIAL_BYTES];
  int length;

  /** Four ints per field: name start, name end, value start, value end (end exclusive). */
  int[] spans = new int[4 * INITIAL_FIELDS];

  int fieldCount;
  int generation;

  HeadBytes(MemoryLease memory) {
    this.memory = memory;
  }

  /** Forgets the previous head and starts a new generation. */
  void reset() {
    length = 0;
    fieldCount = 0;
    generation++;
    if (bytes.length > KEPT_BYTES) {
      memory.release(bytes.length - INITIAL_BYTES);
      bytes = new byte[INITIAL_BYTES];
    }
  }

  /**
   * @throws RequestMemoryExhaustedException if growing the buffer would cross the server's
   *     request-memory budget
   */
  void append(byte[] source, int from, int count) throws RequestMemoryExhaustedException {
    if (length + count > bytes.length) {
      int grown = Math.max(bytes.length * 2, length + count);
      memory.reserve(grown - bytes.length);
      bytes = Arrays.copyOf(bytes, grown);
    }
    System.arraycopy(source, from, bytes, length, count);
    length += count;
  }

  void addField(int nameStart, int nameEnd, int valueStart, int valueEnd) {
    int at = 4 * fieldCount;
    if (at == spans.length) {
      spans = Arrays.copyOf(spans, spans.length * 2);
    }
    spans[at] = nameStart;
    spans[at + 1] = nameEnd;
    spans[at + 2] = valueStart;
    spans[at + 3] = valueEnd;
    fieldCount++;
  }
}
