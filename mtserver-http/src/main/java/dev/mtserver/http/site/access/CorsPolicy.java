package dev.mtserver.http.site.access;

import com.google.common.base.Ascii;
import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableSet;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Which other origins may call the site from a browser ({@code --cors}): a list of origins, which
 * may send credentials and every method, or {@code *}, any origin, for reads only and never with
 * credentials (the Fetch standard forbids {@code *} with credentials).
 *
 * @param origins the listed origins, each {@code scheme://host[:port]} in lower case; empty for
 *     {@code *}
 * @param anyOrigin true for {@code *}
 * @param maxAge how long a browser may cache a preflight's answer
 */
public record CorsPolicy(ImmutableSet<String> origins, boolean anyOrigin, Duration maxAge) {

  /** How long a browser may reuse a preflight's answer: 10 minutes (Chromium's own cap is 2 h). */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(10);

  public CorsPolicy {
    Objects.requireNonNull(origins, "origins");
    Objects.requireNonNull(maxAge, "maxAge");
    if (anyOrigin == !origins.isEmpty()) {
      throw new IllegalArgumentException("either * or a list of origins");
    }
  }

  /**
   * Reads {@code --cors}: {@code *}, or origins separated by commas, each {@code http} or {@code
   * https}, a host, an optional port, and no path (a lone {@code /} is forgiven).
   *
   * @throws IllegalArgumentException with a message for the operator
   */
  public static CorsPolicy parse(String value) {
    String trimmed = value.strip();
    if (trimmed.equals("*")) {
      return new CorsPolicy(ImmutableSet.of(), true, DEFAULT_MAX_AGE);
    }
    ImmutableSet.Builder<String> origins = ImmutableSet.builder();
    for (String origin : Splitter.on(',').trimResults().omitEmptyStrings().split(trimmed)) {
      origins.add(
          normalise(origin)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "'"
                              + origin
                              + "' is not an origin such as https://app.example.com or"
                              + " http://localhost:3000 (or use * alone)")));
    }
    ImmutableSet<String> set = origins.build();
    if (set.isEmpty()) {
      throw new IllegalArgumentException("give * or at least one origin");
    }
    return new CorsPolicy(set, false, DEFAULT_MAX_AGE);
  }

  /** {@code origin} as compared: scheme and host in lower case, no default port; empty if bad. */
  static Optional<String> normalise(String origin) {
    URI uri;
    try {
      uri = new URI(origin);
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
    String scheme = uri.getScheme();
    if (scheme == null
        || !(Ascii.equalsIgnoreCase(scheme, "http") || Ascii.equalsIgnoreCase(scheme, "https"))
        || uri.getHost() == null
        || uri.getRawUserInfo() != null
        || !(uri.getRawPath() == null
            || uri.getRawPath().isEmpty()
            || uri.getRawPath().equals("/")) // as pasted from an address bar
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      return Optional.empty();
    }
    String lowerScheme = Ascii.toLowerCase(scheme);
    int port = uri.getPort();
    boolean defaultPort =
        port == -1
            || (lowerScheme.equals("http") && port == 80)
            || (lowerScheme.equals("https") && port == 443);
    return Optional.of(
        lowerScheme + "://" + Ascii.toLowerCase(uri.getHost()) + (defaultPort ? "" : ":" + port));
  }

  /** Whether a request from {@code origin} (the {@code Origin} field) may read the answer. */
  boolean allows(String origin) {
    return anyOrigin || normalise(origin).map(origins::contains).orElse(false);
  }

  /** For the banner and the docs: {@code *} or the origins. */
  public String describe() {
    return anyOrigin ? "* (reads only, no credentials)" : String.join(", ", origins);
  }
}
