package dev.mtserver.dynamic.fastcgi;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What opens a request, as one run of bytes written at once: {@code FCGI_BEGIN_REQUEST} (responder,
 * {@code FCGI_KEEP_CONN}), the {@code FCGI_PARAMS} stream and its empty end record, and — when
 * there is no body — the empty {@code FCGI_STDIN} record too, so a GET costs one write.
 *
 * <p>Pairs are packed whole into records of at most {@link Records#MAX_WRITTEN_CONTENT} bytes:
 * php-fpm decodes each {@code PARAMS} record on its own and refuses a pair that spans two. Only a
 * pair larger than a record is split across records, as the specification allows (the stream is a
 * byte stream); php-fpm will refuse that request.
 *
 * <p>One per connection: the records are written straight into a buffer it keeps and reuses (grown
 * when a request needs more), names and values of ASCII without an intermediate array, so a request
 * costs no allocation here. Used by one thread at a time.
 */
final class RequestPrelude {

  private static final int INITIAL_BYTES = 2048;

  private ByteBuffer buffer = ByteBuffer.allocate(INITIAL_BYTES);

  /** Where the {@code PARAMS} record being filled starts, or -1. */
  private int recordStart;

  /**
   * The opening records of one request, in a buffer ready to be written (position to limit), valid
   * until the next call.
   *
   * @param bodyFollows whether {@code FCGI_STDIN} records with a body follow; if not, the empty
   *     {@code FCGI_STDIN} record is included
   */
  ByteBuffer opening(int requestId, Map<String, String> params, boolean bodyFollows) {
    buffer.clear();
    recordStart = -1;
    ensure(Records.HEADER_LENGTH + 8);
    Records.putBeginRequest(buffer, requestId, true);
    for (Map.Entry<String, String> param : params.entrySet()) {
      put(requestId, param.getKey(), param.getValue());
    }
    closeRecord(requestId);
    ensure(2 * Records.HEADER_LENGTH);
    Records.putEndOfStream(buffer, RecordType.PARAMS, requestId);
    if (!bodyFollows) {
      Records.putEndOfStream(buffer, RecordType.STDIN, requestId);
    }
    return buffer.flip();
  }

  /** The opening records as an array: {@link #opening} on a prelude of its own. */
  static byte[] encode(int requestId, Map<String, String> params, boolean bodyFollows) {
    ByteBuffer records = new RequestPrelude().opening(requestId, params, bodyFollows);
    byte[] bytes = new byte[records.remaining()];
    records.get(bytes);
    return bytes;
  }

  private void put(int requestId, String name, String value) {
    int nameLength = utf8Length(name);
    int valueLength = utf8Length(value);
    int pairLength = lengthBytes(nameLength) + lengthBytes(valueLength) + nameLength + valueLength;
    if (pairLength > Records.MAX_WRITTEN_CONTENT) {
      closeRecord(requestId);
      byte[] pair = NameValuePairs.encode(name, value);
      for (int offset = 0; offset < pair.length; offset += Records.MAX_WRITTEN_CONTENT) {
        int length = Math.min(Records.MAX_WRITTEN_CONTENT, pair.length - offset);
        ensure(Records.recordLength(length));
        Records.putRecord(buffer, RecordType.PARAMS, requestId, pair, offset, length);
      }
      return;
    }
    if (recordStart >= 0
        && buffer.position() - recordStart - Records.HEADER_LENGTH + pairLength
            > Records.MAX_WRITTEN_CONTENT) {
      closeRecord(requestId);
    }
    if (recordStart < 0) {
      ensure(Records.HEADER_LENGTH);
      recordStart = buffer.position();
      buffer.position(recordStart + Records.HEADER_LENGTH); // the header is written on closing
    }
    ensure(pairLength);
    putLength(nameLength);
    putLength(valueLength);
    putString(name, nameLength);
    putString(value, valueLength);
  }

  /** Pads the {@code PARAMS} record being filled, if any, and writes its header. */
  private void closeRecord(int requestId) {
    if (recordStart < 0) {
      return;
    }
    int contentLength = buffer.position() - recordStart - Records.HEADER_LENGTH;
    int padding = Records.paddingFor(contentLength);
    ensure(padding);
    for (int i = 0; i < padding; i++) {
      buffer.put((byte) 0);
    }
    int end = buffer.position();
    buffer.position(recordStart);
    Records.putHeader(buffer, RecordType.PARAMS, requestId, contentLength, padding);
    buffer.position(end);
    recordStart = -1;
  }

  private void putLength(int length) {
    if (length < 0x80) {
      buffer.put((byte) length);
    } else {
      buffer.putInt(length | 0x80000000);
    }
  }

  /**
   * Writes {@code text} as UTF-8, {@code utf8Length} bytes: char by char while it is ASCII, through
   * {@link String#getBytes} from its first other char on.
   */
  private void putString(String text, int utf8Length) {
    byte[] array = buffer.array(); // a heap buffer with room for utf8Length bytes (ensure)
    int at = buffer.arrayOffset() + buffer.position();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        buffer.put(text.getBytes(StandardCharsets.UTF_8), 0, utf8Length);
        return;
      }
      array[at + i] = (byte) c;
    }
    buffer.position(buffer.position() + utf8Length);
  }

  /** Makes room for {@code bytes} more, keeping what is written. */
  private void ensure(int bytes) {
    if (buffer.remaining() < bytes) {
      ByteBuffer larger =
          ByteBuffer.allocate(Math.max(2 * buffer.capacity(), buffer.position() + bytes));
      buffer.flip();
      larger.put(buffer);
      buffer = larger;
    }
  }

  private static int lengthBytes(int length) {
    return length < 0x80 ? 1 : 4;
  }

  /** The length of {@code text} in UTF-8 (an unpaired surrogate counts as the 1 byte of '?'). */
  static int utf8Length(String text) {
    int length = text.length();
    int bytes = length;
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        if (c < 0x800) {
          bytes += 1;
        } else if (Character.isHighSurrogate(c)
            && i + 1 < length
            && Character.isLowSurrogate(text.charAt(i + 1))) {
          bytes += 2; // 4 bytes for the pair's 2 chars
          i++;
        } else if (Character.isSurrogate(c)) {
          // String.getBytes writes '?' for an unpaired surrogate: 1 byte, counted already
        } else {
          bytes += 2;
        }
      }
    }
    return bytes;
  }
}
