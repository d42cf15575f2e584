package dev.mtserver.http.codec.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.http.codec.auth.BasicCredentials.Credentials;
import dev.mtserver.http.codec.auth.BasicCredentials.Malformed;
import dev.mtserver.http.codec.auth.BasicCredentials.OtherScheme;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BasicCredentialsTest {

  static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void the_rfc_7617_example() {
    BasicCredentials parsed = BasicCredentials.parse("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");

    assertThat(parsed)
        .isInstanceOfSatisfying(
            Credentials.class,
            c -> {
              assertThat(c.user()).isEqualTo("Aladdin");
              assertThat(c.password()).isEqualTo("open sesame".toCharArray());
            });
  }

  @Test
  void the_rfc_7617_utf8_example() {
    // test:123£ (RFC 7617 §2.1)
    BasicCredentials parsed = BasicCredentials.parse("Basic dGVzdDoxMjPCow==");

    assertThat(parsed)
        .isInstanceOfSatisfying(
            Credentials.class,
            c -> {
              assertThat(c.user()).isEqualTo("test");
              assertThat(c.password()).isEqualTo("123£".toCharArray());
            });
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          alice:secret             | alice   | secret
          alice:se:cr:et           | alice   | se:cr:et
          alice:                   | alice   | ""
          :secret                  | ""      | secret
          jürgen:pässwörd ✓        | jürgen  | pässwörd ✓
          "a b:c d"                | a b     | c d
          """)
  void user_ends_at_the_first_colon(String userPass, String user, String password) {
    BasicCredentials parsed = BasicCredentials.parse("Basic " + b64(userPass));

    assertThat(parsed)
        .isInstanceOfSatisfying(
            Credentials.class,
            c -> {
              assertThat(c.user()).isEqualTo(user);
              assertThat(new String(c.password())).isEqualTo(password);
            });
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          "basic YWxpY2U6c2VjcmV0"     | scheme names are case-insensitive
          "BASIC YWxpY2U6c2VjcmV0"     | scheme names are case-insensitive
          "Basic    YWxpY2U6c2VjcmV0"  | several spaces
          "Basic YWxpY2U6c2VjcmV0  "   | trailing spaces
          "Basic YWxpY2U6c2VjcmV0"     | padding is optional (none needed here)
          """)
  void accepts_spellings_clients_send(String value, String why) {
    assertThat(BasicCredentials.parse(value))
        .as(why)
        .isInstanceOfSatisfying(Credentials.class, c -> assertThat(c.user()).isEqualTo("alice"));
  }

  @Test
  void padding_may_be_left_out() {
    assertThat(BasicCredentials.parse("Basic " + b64("alice:pw").replace("=", "")))
        .isInstanceOfSatisfying(
            Credentials.class, c -> assertThat(c.password()).isEqualTo("pw".toCharArray()));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          Bearer abc.def.ghi                  | Bearer
          Digest username="a", realm="b"      | Digest
          Basicx YWxpY2U6c2VjcmV0             | Basicx
          Negotiate                           | Negotiate
          """)
  void other_schemes_are_named_not_judged(String value, String scheme) {
    assertThat(BasicCredentials.parse(value)).isEqualTo(new OtherScheme(scheme));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          "Basic"                        | no credentials after Basic
          "Basic "                       | no credentials after Basic
          "Basic YWxp Y2U6"              | the credentials are not a token68
          "Basic =YWxpY2U6"              | the credentials are not a token68
          "Basic YWxpY2U6c2VjcmV0=x"     | the credentials are not a token68
          "Basic realm=x, y=z"           | the credentials are not a token68
          "Basic YWxpY2U6c2VjcmV0=="     | the credentials are not base64
          "Basic YW-pY2U6_2VjcmV0"       | the credentials are not base64
          "Basic YWxpY"                  | the credentials are not base64
          "Basic YWxpY2U="               | the credentials have no colon between user and password
          "Basic YWxpY2U6/w=="           | the credentials are not UTF-8
          "Basic YWxpY2U6wMA="           | the credentials are not UTF-8
          "Basic YWxpY2U6cw1w"           | the credentials contain a control character
          "Basic YWxpAGNlOnB3"           | the credentials contain a control character
          "Basic YWxpY2U6cH8="           | the credentials contain a control character
          """)
  void refuses_what_cannot_be_read(String value, String reason) {
    assertThat(BasicCredentials.parse(value)).isEqualTo(new Malformed(reason));
  }

  @Test
  void never_shows_the_password() {
    assertThat(BasicCredentials.parse("Basic " + b64("alice:hunter2")).toString())
        .contains("alice")
        .doesNotContain("hunter2");
  }
}
