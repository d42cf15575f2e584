package dev.mtserver.auth.archfixture;

import dev.mtserver.http.codec.auth.BasicCredentials;

/** Deliberately bad: a credentials adapter decoding HTTP fields. */
public class AuthUsesTheHttpCodec {
  public Object decode(String value) {
    return BasicCredentials.parse(value);
  }
}
