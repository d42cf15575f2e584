package dev.mtserver.http.conditional;

import com.google.common.base.Ascii;
import dev.mtserver.grammar.Tokens;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The {@code Range} header field (RFC 9110 §14.2) for the {@code bytes} unit: parsing, and the
 * policy that turns what was asked for into a {@link RangePlan}.
 *
 * <pre>
 * Range       = range-unit "=" range-set
 * range-set   = 1#range-spec
 * range-spec  = first-pos "-" [ last-pos ] / "-" suffix-length / other-range
 * </pre>
 *
 * <p>Policy (docs/adr/0009-byte-range-policy.md): a field that is malformed, repeated, in another
 * unit or uses {@code other-range} is ignored (the whole representation is sent, as §14.2 allows).
 * Unsatisfiable members are dropped; if none is left the answer is 416. One range is a single-part
 * 206. Several ranges are a {@code multipart/byteranges} 206 — unless any two overlap or there are
 * more than {@link #MAX_PARTS}, in which case the whole representation is sent: a client can never
 * make the server send more than the file plus a little framing.
 */
public final class ByteRanges {

  /** The most parts a multipart/byteranges answer has; more ranges get the whole representation. */
  public static final int MAX_PARTS = 64;

  private static final int MAX_DIGITS = 18; // fits a long; longer numbers saturate

  private ByteRanges() {}

  /**
   * Decides how to answer {@code fieldLines} (the {@code Range} field's lines; empty if absent) for
   * a representation of {@code size} bytes.
   */
  public static RangePlan plan(List<String> fieldLines, long size) {
    if (fieldLines.size() != 1) {
      return new RangePlan.Whole(); // absent, or a singleton field sent twice
    }
    Optional<List<ByteRange>> parsed = parse(fieldLines.get(0), size);
    if (parsed.isEmpty()) {
      return new RangePlan.Whole();
    }
    List<ByteRange> ranges = parsed.get();
    if (ranges.isEmpty()) {
      return new RangePlan.Unsatisfiable();
    }
    if (ranges.size() == 1) {
      return new RangePlan.Single(ranges.get(0));
    }
    if (ranges.size() > MAX_PARTS || overlap(ranges)) {
      return new RangePlan.Whole();
    }
    return new RangePlan.Multipart(ranges);
  }

  /**
   * Parses a {@code Range} value against a representation of {@code size} bytes.
   *
   * @return empty if the value must be ignored (malformed, not {@code bytes}); otherwise the
   *     satisfiable ranges, clamped to the representation, in request order — an empty list means
   *     none is satisfiable
   */
  public static Optional<List<ByteRange>> parse(String value, long size) {
    int equals = value.indexOf('=');
    if (equals < 0 || !Ascii.equalsIgnoreCase(value.substring(0, equals), "bytes")) {
      return Optional.empty();
    }
    List<ByteRange> satisfiable = new ArrayList<>();
    int specs = 0;
    int start = equals + 1;
    while (start <= value.length()) {
      int comma = value.indexOf(',', start);
      int end = comma < 0 ? value.length() : comma;
      String spec = stripOws(value.substring(start, end));
      start = end + 1;
      if (spec.isEmpty()) {
        continue; // empty list members are allowed and ignored (RFC 9110 §5.6.1)
      }
      specs++;
      int dash = spec.indexOf('-');
      if (dash < 0) {
        return Optional.empty();
      }
      String firstText = spec.substring(0, dash);
      String lastText = spec.substring(dash + 1);
      if (firstText.isEmpty()) {
        // suffix-range: the last n bytes
        if (!isDigits(lastText)) {
          return Optional.empty();
        }
        long suffix = parseSaturating(lastText);
        if (suffix > 0 && size > 0) {
          satisfiable.add(new ByteRange(Math.max(0, size - suffix), size - 1));
        }
        continue;
      }
      if (!isDigits(firstText) || !(lastText.isEmpty() || isDigits(lastText))) {
        return Optional.empty();
      }
      long first = parseSaturating(firstText);
      long last = lastText.isEmpty() ? Long.MAX_VALUE : parseSaturating(lastText);
      if (last < first) {
        return Optional.empty(); // an invalid int-range makes the whole field invalid
      }
      if (first < size) {
        satisfiable.add(new ByteRange(first, Math.min(last, size - 1)));
      }
    }
    return specs == 0 ? Optional.empty() : Optional.of(satisfiable);
  }

  private static boolean overlap(List<ByteRange> ranges) {
    List<ByteRange> sorted = new ArrayList<>(ranges);
    sorted.sort(Comparator.comparingLong(ByteRange::first));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).first() <= sorted.get(i - 1).last()) {
        return true;
      }
    }
    return false;
  }

  private static String stripOws(String s) {
    int from = 0;
    int to = s.length();
    while (from < to && Tokens.isOws(s.charAt(from))) {
      from++;
    }
    while (to > from && Tokens.isOws(s.charAt(to - 1))) {
      to--;
    }
    return s.substring(from, to);
  }

  private static boolean isDigits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static long parseSaturating(String digits) {
    String significant = digits.replaceFirst("^0+(?=.)", "");
    return significant.length() > MAX_DIGITS ? Long.MAX_VALUE : Long.parseLong(significant);
  }
}
