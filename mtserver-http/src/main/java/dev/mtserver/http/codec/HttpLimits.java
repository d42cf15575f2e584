package dev.mtserver.http.codec;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Every size the codec will accept from a client, in one place. Passed to parsers by constructor;
 * nothing reads limits from system properties.
 *
 * @param maxRequestLineBytes longest request line; longer gets 414 URI Too Long
 * @param maxHeaderLineBytes longest single header field line; longer gets 431
 * @param maxHeaderBlockBytes the whole header block, request line excluded; larger gets 431
 * @param maxHeaderCount most header fields in one request; more gets 431
 * @param maxChunkLineBytes longest chunk-size line including extensions; longer gets 400. Four
 *     times this bounds the framing a chunked body may carry beyond its data ({@link
 *     #maxChunkMetadataBytes()})
 * @param maxTrailerBytes the whole trailer section of a chunked body; larger gets 431
 * @param maxDrainBytes how much of an unread request body is read and discarded to keep a
 *     connection alive; a longer remainder closes the connection instead
 */
public record HttpLimits(
    int maxRequestLineBytes,
    int maxHeaderLineBytes,
    int maxHeaderBlockBytes,
    int maxHeaderCount,
    int maxChunkLineBytes,
    int maxTrailerBytes,
    long maxDrainBytes) {

  public HttpLimits {
    checkArgument(maxRequestLineBytes >= 64, "maxRequestLineBytes must be at least 64");
    checkArgument(maxHeaderLineBytes >= 64, "maxHeaderLineBytes must be at least 64");
    checkArgument(maxHeaderBlockBytes >= maxHeaderLineBytes, "header block smaller than a line");
    checkArgument(maxHeaderCount >= 1, "maxHeaderCount must be positive");
    checkArgument(maxChunkLineBytes >= 16, "maxChunkLineBytes must be at least 16");
    checkArgument(maxTrailerBytes >= 0, "maxTrailerBytes must not be negative");
    checkArgument(maxDrainBytes >= 0, "maxDrainBytes must not be negative");
  }

  /**
   * How many framing bytes (chunk lines, extensions, CRLFs) a chunked body may carry beyond a small
   * allowance per chunk and the size of its data, before it is refused as mostly framing.
   */
  public long maxChunkMetadataBytes() {
    return 4L * maxChunkLineBytes;
  }

  /**
   * Defaults close to nginx's: 8 KiB for the request line and for one header line (its {@code
   * large_client_header_buffers 4 8k}), 32 KiB for the whole block, 100 fields.
   */
  public static HttpLimits defaults() {
    return new HttpLimits(8192, 8192, 32768, 100, 4096, 8192, 64 * 1024);
  }
}
