package dev.mtserver.http.site.content;

import dev.mtserver.http.conditional.ByteRange;
import dev.mtserver.http.spi.ChannelTransfer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A {@code multipart/byteranges} body (RFC 9110 §14.6) that is itself a {@link ChannelTransfer}: a
 * row of small in-memory part heads alternating with regions of the file. The transport's {@code
 * transfer} loop walks it like one long file, so each file region still goes out with {@code
 * sendfile(2)} and nothing is copied through the heap but the few part heads.
 *
 * <pre>
 * --BOUNDARY CRLF Content-Type: ... CRLF Content-Range: bytes a-b/size CRLF CRLF &lt;bytes a..b&gt;
 * CRLF --BOUNDARY CRLF ...
 * CRLF --BOUNDARY-- CRLF
 * </pre>
 */
final class MultipartByteranges implements ChannelTransfer {

  /** One stretch of the body: either {@code bytes} or a region of the file. */
  private record Piece(long start, long length, byte[] bytes, long filePosition) {}

  private final ChannelTransfer file;
  private final Piece[] pieces;
  private final long length;
  private final String boundary;

  private MultipartByteranges(ChannelTransfer file, Piece[] pieces, long length, String boundary) {
    this.file = file;
    this.pieces = pieces;
    this.length = length;
    this.boundary = boundary;
  }

  /** A fresh, random boundary: 70 characters at most (RFC 2046), never in the part heads. */
  static String newBoundary() {
    return "mtserver-"
        + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong())
        + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
  }

  /**
   * @param file the whole representation
   * @param ranges the parts, in the order they are sent
   * @param size the representation's length
   * @param mediaType each part's {@code Content-Type}
   */
  static MultipartByteranges of(
      ChannelTransfer file, List<ByteRange> ranges, long size, String mediaType, String boundary) {
    Piece[] pieces = new Piece[ranges.size() * 2 + 1];
    long offset = 0;
    int i = 0;
    for (ByteRange range : ranges) {
      String head =
          (i == 0 ? "" : "\r\n")
              + "--"
              + boundary
              + "\r\n"
              + "Content-Type: "
              + mediaType
              + "\r\n"
              + "Content-Range: "
              + range.contentRange(size)
              + "\r\n\r\n";
      byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
      pieces[i++] = new Piece(offset, headBytes.length, headBytes, -1);
      offset += headBytes.length;
      pieces[i++] = new Piece(offset, range.length(), null, range.first());
      offset += range.length();
    }
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1);
    pieces[i] = new Piece(offset, tail.length, tail, -1);
    offset += tail.length;
    return new MultipartByteranges(file, pieces, offset, boundary);
  }

  /** The whole body's length, for {@code Content-Length}. */
  long length() {
    return length;
  }

  /** The {@code Content-Type} of the whole response. */
  String contentType() {
    return "multipart/byteranges; boundary=" + boundary;
  }

  @Override
  public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
    if (position >= length || count <= 0) {
      return 0;
    }
    Piece piece = pieceAt(position);
    long within = position - piece.start();
    long n = Math.min(count, piece.length() - within);
    if (piece.bytes() != null) {
      return target.write(ByteBuffer.wrap(piece.bytes(), (int) within, (int) n));
    }
    return file.transferTo(piece.filePosition() + within, n, target);
  }

  private Piece pieceAt(long position) {
    int low = 0;
    int high = pieces.length - 1;
    while (low < high) {
      int mid = (low + high + 1) >>> 1;
      if (pieces[mid].start() <= position) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    return pieces[low];
  }
}
