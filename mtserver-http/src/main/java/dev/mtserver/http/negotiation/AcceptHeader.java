package dev.mtserver.http.negotiation;

import com.google.common.base.Ascii;
import dev.mtserver.http.codec.HttpFields;

/**
 * Just enough of {@code Accept} (RFC 9110 §12.5.1) to choose between JSON and HTML: each type gets
 * the quality of the most specific range that matches it.
 */
public final class AcceptHeader {

  private AcceptHeader() {}

  /**
   * True when the client rates {@code application/json} above {@code text/html}, or names JSON
   * itself while HTML only matches a wildcard. With no {@code Accept}, or {@code *}{@code /*}
   * alone, HTML wins: it is what a browser posting a form expects.
   */
  public static boolean prefersJson(HttpFields headers) {
    Rating json = new Rating();
    Rating html = new Rating();
    for (String value : headers.all("Accept")) {
      for (String range : value.split(",", -1)) { // an empty range matches nothing below
        String[] pieces = range.split(";", -1);
        String type = Ascii.toLowerCase(pieces[0].strip());
        double q = 1.0;
        for (int i = 1; i < pieces.length; i++) {
          String parameter = pieces[i].strip();
          if (parameter.length() > 2 && Ascii.toLowerCase(parameter.substring(0, 2)).equals("q=")) {
            q = quality(parameter.substring(2));
          }
        }
        json.offer(type, q, "application", "json");
        html.offer(type, q, "text", "html");
      }
    }
    return json.quality > 0
        && (json.quality > html.quality
            || (json.quality == html.quality && json.specificity > html.specificity));
  }

  private static double quality(String text) {
    try {
      double q = Double.parseDouble(text.strip());
      return q >= 0 && q <= 1 ? q : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The best-matching range seen so far for one media type. */
  private static final class Rating {
    int specificity = -1;
    double quality;

    void offer(String range, double q, String type, String subtype) {
      int s;
      if (range.equals(type + "/" + subtype)) {
        s = 2;
      } else if (range.equals(type + "/*")) {
        s = 1;
      } else if (range.equals("*/*")) {
        s = 0;
      } else {
        return;
      }
      if (s > specificity) {
        specificity = s;
        quality = q;
      }
    }
  }
}
