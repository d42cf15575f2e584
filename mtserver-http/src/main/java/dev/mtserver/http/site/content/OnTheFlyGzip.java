package dev.mtserver.http.site.content;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import dev.mtserver.domain.content.OpenContent;
import dev.mtserver.domain.content.Resource;
import dev.mtserver.http.engine.ResponseBody;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.util.Optional;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * gzip made on the fly (JDK {@link Deflater}) for the site's text files that have no precompressed
 * sibling, as nginx's {@code gzip on} and Caddy's {@code encode gzip} do.
 *
 * <p>Which responses: {@link #isCompressible} media types (text, JSON, JavaScript, SVG, XML, WASM)
 * of at least {@link #MIN_BYTES}; the decision ({@link #isCandidate}) looks at the type's
 * characters and the size only, so a request it does not apply to pays nothing.
 *
 * <p>How: a file of up to {@link #WHOLE_MAX_BYTES} is compressed whole at level 6, once per
 * version: the result is kept (at most {@link #CACHE_BYTES} in all) under the file's path and
 * entity tag, so the next request for the same bytes costs a lookup and the answer has a {@code
 * Content-Length}. A larger file streams through a level-1 deflater, chunked, in constant memory.
 */
final class OnTheFlyGzip {

  /** Below this, the gzip header and a round trip saved are worth less than the CPU. */
  static final int MIN_BYTES = 1024;

  /** Files up to this size are compressed whole, once per version, and kept. */
  static final int WHOLE_MAX_BYTES = 256 * 1024;

  /** The memory the kept results may take. */
  static final long CACHE_BYTES = 16L * 1024 * 1024;

  private static final int KEPT_LEVEL = 6;
  private static final int STREAMED_LEVEL = 1;
  private static final int STREAM_BUFFER = 16 * 1024;

  private final Cache<String, byte[]> kept =
      CacheBuilder.newBuilder()
          .maximumWeight(CACHE_BYTES)
          .weigher((String key, byte[] value) -> key.length() + value.length)
          .build();

  /**
   * True when a file of this type and size would be compressed for a client that accepts gzip: the
   * response then varies by {@code Accept-Encoding} whatever this client accepts. Allocates
   * nothing.
   */
  static boolean isCandidate(String mediaType, long size) {
    return size >= MIN_BYTES && isCompressible(mediaType);
  }

  /**
   * Text of every kind, JSON, JavaScript, XML and SVG (any {@code +json} or {@code +xml} type),
   * WebAssembly. Not images, audio, video, archives or fonts in compressed formats: compressing
   * those again only costs CPU.
   */
  static boolean isCompressible(String mediaType) {
    int end = mediaType.indexOf(';');
    if (end < 0) {
      end = mediaType.length();
    }
    while (end > 0 && mediaType.charAt(end - 1) == ' ') {
      end--;
    }
    if (mediaType.regionMatches(true, 0, "text/", 0, 5)) {
      return true;
    }
    if (!mediaType.regionMatches(true, 0, "application/", 0, 12)
        && !mediaType.regionMatches(true, 0, "image/svg+xml", 0, 13)) {
      return false;
    }
    return endsWith(mediaType, end, "/json")
        || endsWith(mediaType, end, "+json")
        || endsWith(mediaType, end, "/xml")
        || endsWith(mediaType, end, "+xml")
        || endsWith(mediaType, end, "/javascript")
        || endsWith(mediaType, end, "/ecmascript")
        || endsWith(mediaType, end, "/wasm")
        || endsWith(mediaType, end, "/x-javascript");
  }

  private static boolean endsWith(String text, int end, String suffix) {
    int start = end - suffix.length();
    return start >= 0 && text.regionMatches(true, start, suffix, 0, suffix.length());
  }

  /** The gzip body of {@code resource}, whose (plain) entity tag is {@code plainTag}. */
  ResponseBody body(Resource resource, String plainTag) throws IOException {
    if (resource.size() > WHOLE_MAX_BYTES) {
      return new ResponseBody.Streamed(-1, out -> stream(resource, out));
    }
    String key = resource.path().toUriPath() + ' ' + plainTag;
    byte[] compressed = kept.getIfPresent(key);
    if (compressed == null) {
      compressed = compressWhole(resource);
      kept.put(key, compressed);
    }
    return new ResponseBody.Bytes(compressed);
  }

  private static byte[] compressWhole(Resource resource) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream((int) (resource.size() / 3) + 64);
    try (GZIPOutputStream gzip = gzip(buffer, KEPT_LEVEL)) {
      copy(resource, gzip);
    }
    return buffer.toByteArray();
  }

  private static void stream(Resource resource, OutputStream out) throws IOException {
    // closing the gzip stream frees its deflater's native memory, also when the client is gone
    try (GZIPOutputStream gzip = gzip(new NonClosingOutputStream(out), STREAMED_LEVEL)) {
      copy(resource, gzip);
    }
  }

  private static void copy(Resource resource, OutputStream target) throws IOException {
    Optional<byte[]> cached = resource.source().readThroughCache();
    if (cached.isPresent()) {
      target.write(cached.get());
      return;
    }
    try (OpenContent content = resource.source().open()) {
      WritableByteChannel channel = Channels.newChannel(target);
      long size = content.size();
      long position = 0;
      while (position < size) {
        long copied = content.transferTo(position, size - position, channel);
        if (copied <= 0) {
          break;
        }
        position += copied;
      }
    }
  }

  private static GZIPOutputStream gzip(OutputStream out, int level) throws IOException {
    return new GZIPOutputStream(out, STREAM_BUFFER) {
      {
        def.setLevel(level);
      }
    };
  }
}
