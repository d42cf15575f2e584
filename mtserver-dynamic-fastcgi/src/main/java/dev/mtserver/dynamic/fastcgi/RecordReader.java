package dev.mtserver.dynamic.fastcgi;

import java.nio.ByteBuffer;

/**
 * Reads what a responder sends for one request, record by record, from bytes as they arrive: a
 * record may be split across reads anywhere, and content is handed on as soon as part of it is
 * there, so a page that streams is never held back until its record is complete.
 *
 * <p>Accepted, for this request's id: {@code FCGI_STDOUT} and {@code FCGI_STDERR} (content, or the
 * empty record that ends the stream) and {@code FCGI_END_REQUEST}. Management records (request id
 * 0) are skipped. Anything else — another version, another request id, a type a responder does not
 * send, an {@code FCGI_END_REQUEST} of the wrong size — is a {@link FastCgiProtocolException}.
 *
 * <p>Used by one thread at a time. The state is only where in the current record the reader is, so
 * the caller may compact its buffer between calls, once it has used the data it was given.
 */
final class RecordReader {

  /** What the next bytes meant. */
  sealed interface Event {}

  /**
   * Content of {@code FCGI_STDOUT} or {@code FCGI_STDERR}: a view of the caller's buffer, valid
   * until the caller next changes that buffer's content.
   */
  record Output(RecordType stream, ByteBuffer data) implements Event {}

  /** The empty record that ends {@code FCGI_STDOUT} or {@code FCGI_STDERR}. */
  record EndOfStream(RecordType stream) implements Event {}

  /** {@code FCGI_END_REQUEST}: the request is over. */
  record EndRequest(long appStatus, int protocolStatus) implements Event {}

  private static final int END_REQUEST_BODY = 8;

  private final int requestId;

  /** The type whose content is being read; null between records. */
  private RecordType type;

  private boolean skipping;
  private int contentLeft;
  private int paddingLeft;

  RecordReader(int requestId) {
    this.requestId = requestId;
  }

  /**
   * Consumes bytes from {@code in} (between its position and its limit) up to the next event.
   *
   * @return the event, or null when {@code in} holds too few bytes for one; then the bytes of an
   *     incomplete header are left in {@code in}
   */
  RecordReader.Event next(ByteBuffer in) throws FastCgiProtocolException {
    while (true) {
      if (type == null) {
        Event event = startRecord(in);
        if (event != null || type == null) {
          return event; // an event, or too few bytes for a header
        }
      } else if (contentLeft > 0) {
        int n = Math.min(contentLeft, in.remaining());
        if (n == 0) {
          return null;
        }
        ByteBuffer data = in.slice(in.position(), n);
        in.position(in.position() + n);
        contentLeft -= n;
        if (!skipping) {
          return new Output(type, data);
        }
      } else if (paddingLeft > 0) {
        int n = Math.min(paddingLeft, in.remaining());
        if (n == 0) {
          return null;
        }
        in.position(in.position() + n);
        paddingLeft -= n;
      } else {
        type = null;
      }
    }
  }

  /** Reads a header if all of it is there; returns an event for records that are one. */
  private Event startRecord(ByteBuffer in) throws FastCgiProtocolException {
    if (in.remaining() < Records.HEADER_LENGTH) {
      return null;
    }
    int at = in.position();
    int version = in.get(at) & 0xff;
    int code = in.get(at + 1) & 0xff;
    int id = in.getShort(at + 2) & 0xffff;
    int contentLength = in.getShort(at + 4) & 0xffff;
    int paddingLength = in.get(at + 6) & 0xff;
    if (version != Records.VERSION_1) {
      throw new FastCgiProtocolException("record of FastCGI version " + version);
    }
    RecordType recordType = RecordType.of(code);
    if (id == 0) { // a management record: nothing this client asked for
      begin(
          in,
          recordType == null ? RecordType.UNKNOWN_TYPE : recordType,
          true,
          contentLength,
          paddingLength);
      return null;
    }
    if (id != requestId) {
      throw new FastCgiProtocolException("record for request " + id + ", not " + requestId);
    }
    if (recordType == RecordType.STDOUT || recordType == RecordType.STDERR) {
      begin(in, recordType, false, contentLength, paddingLength);
      return contentLength == 0 ? new EndOfStream(recordType) : null;
    }
    if (recordType == RecordType.END_REQUEST) {
      if (contentLength != END_REQUEST_BODY) {
        throw new FastCgiProtocolException(
            "FCGI_END_REQUEST with " + contentLength + " bytes of content");
      }
      if (in.remaining() < Records.HEADER_LENGTH + END_REQUEST_BODY + paddingLength) {
        return null; // taken whole, so nothing of it is left behind for the next request
      }
      long appStatus = in.getInt(at + 8) & 0xffffffffL;
      int protocolStatus = in.get(at + 12) & 0xff;
      in.position(at + Records.HEADER_LENGTH + END_REQUEST_BODY + paddingLength);
      return new EndRequest(appStatus, protocolStatus);
    }
    throw new FastCgiProtocolException("unexpected record type " + code + " from the application");
  }

  private void begin(
      ByteBuffer in, RecordType recordType, boolean skip, int contentLength, int paddingLength) {
    in.position(in.position() + Records.HEADER_LENGTH);
    type = recordType;
    skipping = skip;
    contentLeft = contentLength;
    paddingLeft = paddingLength;
  }
}
