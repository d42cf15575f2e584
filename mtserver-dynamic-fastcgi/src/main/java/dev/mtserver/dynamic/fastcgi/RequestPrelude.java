package dev.mtserver.dynamic.fastcgi;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
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
 */
final class RequestPrelude {

  private RequestPrelude() {}

  /**
   * @param bodyFollows whether {@code FCGI_STDIN} records with a body follow; if not, the empty
   *     {@code FCGI_STDIN} record is included
   */
  static byte[] encode(int requestId, Map<String, String> params, boolean bodyFollows) {
    ByteArrayOutputStream records = new ByteArrayOutputStream(1024);
    ByteBuffer header = ByteBuffer.allocate(Records.HEADER_LENGTH + 8);
    Records.putBeginRequest(header, requestId, true);
    records.write(header.array(), 0, header.position());

    ByteArrayOutputStream content = new ByteArrayOutputStream(1024);
    for (Map.Entry<String, String> param : params.entrySet()) {
      byte[] pair = NameValuePairs.encode(param.getKey(), param.getValue());
      if (content.size() + pair.length > Records.MAX_WRITTEN_CONTENT) {
        flush(records, requestId, content);
      }
      if (pair.length <= Records.MAX_WRITTEN_CONTENT) {
        content.writeBytes(pair);
      } else {
        for (int offset = 0; offset < pair.length; offset += Records.MAX_WRITTEN_CONTENT) {
          content.write(pair, offset, Math.min(Records.MAX_WRITTEN_CONTENT, pair.length - offset));
          flush(records, requestId, content);
        }
      }
    }
    flush(records, requestId, content);
    endOfStream(records, RecordType.PARAMS, requestId);
    if (!bodyFollows) {
      endOfStream(records, RecordType.STDIN, requestId);
    }
    return records.toByteArray();
  }

  /** Writes what {@code content} holds as one {@code PARAMS} record, if anything. */
  private static void flush(
      ByteArrayOutputStream records, int requestId, ByteArrayOutputStream content) {
    if (content.size() == 0) {
      return;
    }
    ByteBuffer record = ByteBuffer.allocate(Records.recordLength(content.size()));
    Records.putRecord(
        record, RecordType.PARAMS, requestId, content.toByteArray(), 0, content.size());
    records.write(record.array(), 0, record.position());
    content.reset();
  }

  private static void endOfStream(ByteArrayOutputStream records, RecordType type, int requestId) {
    ByteBuffer record = ByteBuffer.allocate(Records.HEADER_LENGTH);
    Records.putEndOfStream(record, type, requestId);
    records.write(record.array(), 0, record.position());
  }
}
