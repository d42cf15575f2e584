package dev.mtserver.dynamic.fastcgi;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.ByteBuffer;

/**
 * Writes FastCGI 1.0 records (the specification's section 3.3): an 8-byte header — {@code version},
 * {@code type}, {@code requestId} and {@code contentLength} as big-endian 16-bit numbers, {@code
 * paddingLength}, a reserved byte — then the content, then zero bytes of padding so that the
 * record's length is a multiple of 8, as the specification recommends.
 *
 * <p>Pure: bytes into a {@link ByteBuffer} the caller provides, with room for them.
 */
final class Records {

  static final int VERSION_1 = 1;
  static final int HEADER_LENGTH = 8;

  /** The largest content the 16-bit {@code contentLength} allows. */
  static final int MAX_CONTENT_LENGTH = 0xffff;

  /**
   * The most content this client puts into one record: a multiple of 8, so a full record needs no
   * padding. php-fpm refuses a record whose content and padding together exceed 65 535 bytes, which
   * a 65 535-byte record padded to 8 would.
   */
  static final int MAX_WRITTEN_CONTENT = 0xfff8;

  /** The responder role: the application answers a request, as a CGI program would. */
  static final int ROLE_RESPONDER = 1;

  /** {@code FCGI_KEEP_CONN}: the application must not close the connection after the request. */
  static final int FLAG_KEEP_CONN = 1;

  /** {@code protocolStatus} values of {@code FCGI_END_REQUEST}. */
  static final int REQUEST_COMPLETE = 0;

  static final int CANT_MPX_CONN = 1;
  static final int OVERLOADED = 2;
  static final int UNKNOWN_ROLE = 3;

  /** The bytes a record with {@code contentLength} bytes of content takes, padding included. */
  static int recordLength(int contentLength) {
    return HEADER_LENGTH + contentLength + paddingFor(contentLength);
  }

  /**
   * How many zero bytes follow {@code contentLength} bytes of content: up to the next multiple of
   * 8.
   */
  static int paddingFor(int contentLength) {
    return -contentLength & 7;
  }

  /** A record's header. */
  static void putHeader(
      ByteBuffer out, RecordType type, int requestId, int contentLength, int paddingLength) {
    checkArgument(requestId >= 0 && requestId <= 0xffff, "requestId must fit 16 bits");
    checkArgument(
        contentLength >= 0 && contentLength <= MAX_CONTENT_LENGTH,
        "contentLength must fit 16 bits");
    checkArgument(paddingLength >= 0 && paddingLength <= 0xff, "paddingLength must fit 8 bits");
    out.put((byte) VERSION_1)
        .put((byte) type.code)
        .putShort((short) requestId)
        .putShort((short) contentLength)
        .put((byte) paddingLength)
        .put((byte) 0);
  }

  /** One record carrying {@code length} bytes of {@code content} from {@code offset}, padded. */
  static void putRecord(
      ByteBuffer out, RecordType type, int requestId, byte[] content, int offset, int length) {
    checkArgument(
        length <= MAX_WRITTEN_CONTENT,
        "at most %s bytes of content per record",
        MAX_WRITTEN_CONTENT);
    int padding = paddingFor(length);
    putHeader(out, type, requestId, length, padding);
    out.put(content, offset, length);
    for (int i = 0; i < padding; i++) {
      out.put((byte) 0);
    }
  }

  /** The empty record that ends a stream ({@code PARAMS}, {@code STDIN}). */
  static void putEndOfStream(ByteBuffer out, RecordType type, int requestId) {
    putHeader(out, type, requestId, 0, 0);
  }

  /**
   * {@code FCGI_BEGIN_REQUEST} for the responder role: {@code role} (16 bits), {@code flags}, 5
   * reserved bytes.
   */
  static void putBeginRequest(ByteBuffer out, int requestId, boolean keepConnection) {
    putHeader(out, RecordType.BEGIN_REQUEST, requestId, 8, 0);
    out.putShort((short) ROLE_RESPONDER)
        .put((byte) (keepConnection ? FLAG_KEEP_CONN : 0))
        .put(new byte[5]);
  }

  /** {@code FCGI_ABORT_REQUEST}: no content. */
  static void putAbortRequest(ByteBuffer out, int requestId) {
    putHeader(out, RecordType.ABORT_REQUEST, requestId, 0, 0);
  }

  private Records() {}
}
