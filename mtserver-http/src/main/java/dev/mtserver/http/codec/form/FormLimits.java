package dev.mtserver.http.codec.form;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * How much form data is accepted.
 *
 * @param maxBytes the largest encoded body; more is 413
 * @param maxParameters the most {@code name=value} pairs; more is 413
 */
public record FormLimits(long maxBytes, int maxParameters) {

  public FormLimits {
    checkArgument(maxBytes >= 0, "maxBytes must not be negative");
    checkArgument(maxParameters >= 1, "maxParameters must be positive");
  }

  /**
   * 1 MiB and 1000 pairs: nginx's default body size and Jetty's default key count. A form that
   * needs more is an upload.
   */
  public static FormLimits defaults() {
    return new FormLimits(1024 * 1024, 1000);
  }
}
