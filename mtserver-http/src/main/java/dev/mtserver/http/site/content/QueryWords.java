package dev.mtserver.http.site.content;

import java.util.Optional;

/**
 * The few query parameters static content answers to ({@code sort}, {@code order}, {@code format},
 * {@code archive}), read from the raw query. Their values are plain words, so they are compared as
 * sent, not decoded: a percent-encoded spelling is simply not recognised.
 */
final class QueryWords {

  private QueryWords() {}

  /** The value of the first {@code name=value} in {@code rawQuery}; "" for a bare {@code name}. */
  static Optional<String> value(String rawQuery, String name) {
    int start = 0;
    while (start <= rawQuery.length()) {
      int end = rawQuery.indexOf('&', start);
      if (end < 0) {
        end = rawQuery.length();
      }
      if (rawQuery.startsWith(name, start)) {
        int after = start + name.length();
        if (after == end) {
          return Optional.of("");
        }
        if (rawQuery.charAt(after) == '=') {
          return Optional.of(rawQuery.substring(after + 1, end));
        }
      }
      start = end + 1;
    }
    return Optional.empty();
  }
}
