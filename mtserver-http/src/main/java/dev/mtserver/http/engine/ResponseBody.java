package dev.mtserver.http.engine;

import dev.mtserver.http.spi.ChannelTransfer;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/** What follows a response head. Each case says how long it is, or -1 for "chunked". */
public sealed interface ResponseBody {

  /**
   * The largest region the engine copies behind the head so that both leave in one write; a larger
   * one follows the head on its own, zero-copy where its store allows, or in the head's write from
   * a mapping its store offers ({@code ChannelTransfer.inMemory}, no copy in Java; docs/adr/0053).
   * Above this size the copy out of the heap costs more than {@code open} and {@code sendfile} save
   * (a 64 KiB file from memory gave about 0.6 to 0.9x the requests per second of the same file
   * through {@code sendfile}, measured with wrk), so it is also the largest file a store should
   * keep in a cache of small files: the application passes it to the file-system store's {@code
   * SmallFileCache}.
   */
  int COALESCE_BYTES = 16 * 1024;

  /** The body's length in bytes, or -1 when it is only known once written (sent chunked). */
  long length();

  /** No body (and, unless the handler set one, {@code Content-Length: 0}). */
  record Empty() implements ResponseBody {
    @Override
    public long length() {
      return 0;
    }
  }

  /** A small body held in memory; written in the same system call as the head. */
  record Bytes(byte[] content) implements ResponseBody {
    @Override
    public long length() {
      return content.length;
    }
  }

  /**
   * A region of a file (or anything shaped like one), sent zero-copy by the transport. {@code
   * resource} is closed once the body is sent or abandoned.
   */
  record Region(ChannelTransfer source, long position, long length, Closeable resource)
      implements ResponseBody {}

  /**
   * A body produced by code, such as a script's output ({@code multipart/byteranges} is a {@link
   * Region}, to keep its parts zero-copy).
   */
  record Streamed(long length, BodyWriter writer) implements ResponseBody {}

  /** Writes a streamed body. When the length was given, exactly that many bytes must be written. */
  @FunctionalInterface
  interface BodyWriter {
    void writeTo(OutputStream out) throws IOException;
  }
}
