package dev.mtserver.http.codec.multipart;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * How much structure a {@code multipart/form-data} body may have.
 *
 * @param maxParts the most parts (files and fields together); one more is 413
 * @param maxPartHeaderBytes the largest header block of one part, CRLFs included; larger is 413
 */
public record MultipartLimits(int maxParts, int maxPartHeaderBytes) {

  public MultipartLimits {
    checkArgument(maxParts >= 1, "maxParts must be positive");
    checkArgument(
        maxPartHeaderBytes >= 256 && maxPartHeaderBytes <= 32 * 1024,
        "maxPartHeaderBytes must be 256..32768");
  }

  /** The most parts by default: Jetty's default for form parts ({@code --max-parts}). */
  public static final int DEFAULT_MAX_PARTS = 100;

  /** The largest header block of one part by default, as Jetty's {@code MultiPartConfig}. */
  public static final int DEFAULT_MAX_PART_HEADER_BYTES = 8 * 1024;

  /** {@value #DEFAULT_MAX_PARTS} parts and 8 KiB of headers per part. */
  public static MultipartLimits defaults() {
    return new MultipartLimits(DEFAULT_MAX_PARTS, DEFAULT_MAX_PART_HEADER_BYTES);
  }

  public MultipartLimits withMaxParts(int maxParts) {
    return new MultipartLimits(maxParts, maxPartHeaderBytes);
  }
}
