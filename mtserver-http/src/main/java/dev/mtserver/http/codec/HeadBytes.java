package dev.mtserver.http.codec;

import java.util.Arrays;

/**
 * The raw bytes of one request head (its lines, without their CRLFs) and where each header
 * field's name and value lie in them.
 *
 * <p>One {@link RequestHeadParser} owns one of these and reuses it for every request on its
 * connection, so parsing a head allocates no per-line objects. {@link HttpFields} built on it read
 * names and values straight from these bytes and turn them into strings only when asked. Each
 * {@link #reset} starts a new generation; fields of an earlier generation refuse to be read, so a
 * handler that keeps a request past its exchange fails loudly instead of reading the next
 * request's bytes.
 */
final class HeadBytes {

  private static final int INITIAL_BYTES = 1024;
  private static final int INITIAL_FIELDS = 32;

  byte[] bytes = new byte[INITIAL_BYTES];
  int length;
  /** Four ints per field: name start, name end, value start, value end (end exclusive). */
  int[] spans = new int[4 * INITIAL_FIELDS];
  int fieldCount;
  int generation;

  /** Forgets the previous head and starts a new generation. */
  void reset() {
    length = 0;
    fieldCount = 0;
    generation++;
  }

  void append(byte[] source, int from, int count) {
    if (length + count > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + count));
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
