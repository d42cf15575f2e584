package dev.mtserver.http.codec.multipart;

import com.google.common.collect.ImmutableList;
import com.google.common.net.MediaType;
import dev.mtserver.http.codec.HttpProtocolException;

/**
 * The boundary of a {@code multipart/form-data} body, taken from its {@code Content-Type} (RFC 2046
 * §5.1.1): 1 to 70 characters from the boundary alphabet, not ending in a space, given exactly
 * once, as a token or a quoted string.
 */
public final class MultipartBoundary {

  private static final String BCHARS_NO_SPACE =
      "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=?";

  private MultipartBoundary() {}

  /**
   * The boundary of {@code contentType}.
   *
   * @throws HttpProtocolException 400 if the type is not {@code multipart/form-data} or its
   *     boundary is missing, repeated or not a valid boundary
   */
  public static String of(String contentType) throws HttpProtocolException {
    MediaType type;
    try {
      type = MediaType.parse(contentType);
    } catch (IllegalArgumentException e) {
      throw bad();
    }
    if (!type.type().equals("multipart") || !type.subtype().equals("form-data")) {
      throw bad();
    }
    ImmutableList<String> boundaries = type.parameters().get("boundary");
    if (boundaries.size() != 1) {
      throw bad();
    }
    String boundary = boundaries.get(0);
    if (boundary.isEmpty() || boundary.length() > 70 || boundary.endsWith(" ")) {
      throw bad();
    }
    for (int i = 0; i < boundary.length(); i++) {
      char c = boundary.charAt(i);
      if (c != ' ' && BCHARS_NO_SPACE.indexOf(c) < 0) {
        throw bad();
      }
    }
    return boundary;
  }

  private static HttpProtocolException bad() {
    return new HttpProtocolException(400, "Bad multipart boundary");
  }
}
