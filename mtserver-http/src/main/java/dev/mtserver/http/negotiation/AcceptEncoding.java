package dev.mtserver.http.negotiation;

import com.google.common.base.Ascii;
import com.google.common.collect.ImmutableList;
import dev.mtserver.domain.content.ContentCoding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@code Accept-Encoding} (RFC 9110 §12.5.3): which of the codings the server can offer from
 * precompressed files a client accepts, most preferred first.
 *
 * <pre>
 * Accept-Encoding = #( codings [ weight ] )
 * codings         = content-coding / "identity" / "*"
 * weight          = OWS ";" OWS "q=" qvalue
 * </pre>
 *
 * <p>A coding with {@code q=0} is refused; {@code *} stands for every coding not named; equal
 * weights keep the server's order ({@link ContentCoding}: Brotli before gzip). A malformed member
 * is ignored on its own. Without the field, only the identity coding is acceptable.
 */
public final class AcceptEncoding {

  private static final int UNSET = -1;

  private AcceptEncoding() {}

  /** The acceptable codings, best first; empty when the client accepts none of them. */
  public static List<ContentCoding> acceptable(List<String> fieldLines) {
    if (fieldLines.isEmpty()) {
      return ImmutableList.of();
    }
    Map<ContentCoding, Integer> weights = new EnumMap<>(ContentCoding.class);
    int wildcard = UNSET;
    for (String line : fieldLines) {
      for (String member : line.split(",", -1)) {
        int semicolon = member.indexOf(';');
        String coding = (semicolon < 0 ? member : member.substring(0, semicolon)).strip();
        if (coding.isEmpty()) {
          continue;
        }
        int weight = semicolon < 0 ? 1000 : weight(member.substring(semicolon + 1));
        if (weight == UNSET) {
          continue;
        }
        if (coding.equals("*")) {
          wildcard = weight;
        } else {
          ContentCoding.forToken(coding).ifPresent(c -> weights.merge(c, weight, Math::max));
        }
      }
    }
    List<ContentCoding> accepted = new ArrayList<>(2);
    for (ContentCoding coding : ContentCoding.values()) {
      int weight = weights.getOrDefault(coding, wildcard);
      if (weight > 0) {
        accepted.add(coding);
      }
    }
    final int star = wildcard;
    return ImmutableList.sortedCopyOf(
        Comparator.comparingInt((ContentCoding c) -> -weights.getOrDefault(c, star)), accepted);
  }

  /** The weight in thousandths from the parameters after the coding, or UNSET if malformed. */
  private static int weight(String parameters) {
    int weight = 1000;
    for (String parameter : parameters.split(";", -1)) {
      String p = parameter.strip();
      if (p.isEmpty()) {
        continue;
      }
      int equals = p.indexOf('=');
      if (equals < 0) {
        return UNSET;
      }
      if (Ascii.equalsIgnoreCase(p.substring(0, equals).strip(), "q")) {
        weight = qvalue(p.substring(equals + 1).strip());
        if (weight == UNSET) {
          return UNSET;
        }
      }
    }
    return weight;
  }

  /** {@code qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )}, in thousandths. */
  static int qvalue(String text) {
    if (text.isEmpty() || text.length() > 5 || (text.charAt(0) != '0' && text.charAt(0) != '1')) {
      return UNSET;
    }
    int whole = text.charAt(0) - '0';
    if (text.length() == 1) {
      return whole * 1000;
    }
    if (text.charAt(1) != '.') {
      return UNSET;
    }
    int thousandths = 0;
    int scale = 100;
    for (int i = 2; i < text.length(); i++, scale /= 10) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return UNSET;
      }
      thousandths += (c - '0') * scale;
    }
    if (whole == 1 && thousandths != 0) {
      return UNSET;
    }
    return whole * 1000 + thousandths;
  }
}
