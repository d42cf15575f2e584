package dev.mtserver.auth.htpasswd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every {@code htpasswd} format, made by the real tools, accepted or refused at load. */
class HtpasswdFormatsTest {

  @TempDir Path dir;

  Path file() {
    return dir.resolve("users");
  }

  @ParameterizedTest(name = "htpasswd {0}")
  @ValueSource(strings = {"-B", "-2", "-5"})
  void accepts_entries_htpasswd_makes_with(String option) throws Exception {
    Tools.htpasswd(file(), "alice", "correct horse", true, option);
    Tools.htpasswd(file(), "bob", "battery staple", false, option);

    HtpasswdCredentials credentials = HtpasswdCredentials.load(file());

    assertThat(credentials.users()).isEqualTo(2);
    assertThat(credentials.check("alice", "correct horse".toCharArray())).isTrue();
    assertThat(credentials.check("bob", "battery staple".toCharArray())).isTrue();
    assertThat(credentials.check("alice", "battery staple".toCharArray())).isFalse();
    assertThat(credentials.check("alice", "correct horse ".toCharArray())).isFalse();
    assertThat(credentials.check("Alice", "correct horse".toCharArray())).isFalse();
    assertThat(credentials.check("carol", "correct horse".toCharArray())).isFalse();
  }

  @ParameterizedTest(name = "openssl passwd {0}")
  @ValueSource(strings = {"-5", "-6"})
  void accepts_sha_crypt_from_openssl(String option) throws Exception {
    Files.writeString(file(), "alice:" + Tools.opensslPasswd("pässwörd", option) + "\n");

    HtpasswdCredentials credentials = HtpasswdCredentials.load(file());

    assertThat(credentials.check("alice", "pässwörd".toCharArray())).isTrue();
    assertThat(credentials.check("alice", "passwort".toCharArray())).isFalse();
  }

  @ParameterizedTest(name = "${0}$")
  @ValueSource(strings = {"2y", "2b", "2a"})
  void accepts_each_bcrypt_version(String version) throws Exception {
    String hash = OpenBSDBCrypt.generate(version, "secret".toCharArray(), new byte[16], 4);
    Files.writeString(file(), "alice:" + hash + "\n");

    assertThat(HtpasswdCredentials.load(file()).check("alice", "secret".toCharArray())).isTrue();
  }

  @Test
  void a_utf8_password_typed_into_htpasswd_is_checked_as_utf8() throws Exception {
    Tools.htpasswd(file(), "jürgen", "pässwörd ✓", true, "-B");

    HtpasswdCredentials credentials = HtpasswdCredentials.load(file());

    assertThat(credentials.check("jürgen", "pässwörd ✓".toCharArray())).isTrue();
    assertThat(credentials.check("jürgen", "passwort ?".toCharArray())).isFalse();
  }

  @Test
  void bcrypt_uses_the_first_72_bytes_as_apache_does() throws Exception {
    String long80 = "a".repeat(80);
    Tools.htpasswd(file(), "alice", long80, true, "-B");

    HtpasswdCredentials credentials = HtpasswdCredentials.load(file());

    assertThat(credentials.check("alice", long80.toCharArray())).isTrue();
    assertThat(credentials.check("alice", "a".repeat(72).toCharArray())).isTrue();
    assertThat(credentials.check("alice", "a".repeat(71).toCharArray())).isFalse();
  }

  @ParameterizedTest(name = "htpasswd {0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          -m | Apache MD5 ($apr1$, htpasswd's default without -B) is refused
          -s | unsalted SHA-1 ({SHA}, htpasswd -s) is refused
          -d | crypt(3) DES (htpasswd -d), or a 13-character plain-text password, is refused
          -p | plain text (htpasswd -p) is refused
          """)
  void refuses_weak_formats_htpasswd_makes_and_says_how_to_make_a_bcrypt_entry(
      String option, String why) throws Exception {
    Tools.htpasswd(file(), "alice", "correct horse", true, "-B");
    Tools.htpasswd(file(), "bob", "secret", false, option);

    assertThatThrownBy(() -> HtpasswdCredentials.load(file()))
        .isInstanceOf(HtpasswdException.class)
        .hasMessageContaining(file() + " line 2 (user 'bob'): ")
        .hasMessageContaining(why)
        .hasMessageEndingWith("Make a bcrypt entry with: htpasswd -B " + file() + " bob")
        .hasMessageNotContaining("secret");
  }

  @ParameterizedTest(name = "openssl passwd {0}")
  @CsvSource({"-1, MD5-crypt ($1$) is refused", "-apr1, Apache MD5 ($apr1$"})
  void refuses_md5_from_openssl(String option, String why) throws Exception {
    Files.writeString(file(), "alice:" + Tools.opensslPasswd("secret", option) + "\n");

    assertThatThrownBy(() -> HtpasswdCredentials.load(file()))
        .isInstanceOf(HtpasswdException.class)
        .hasMessageContaining(why)
        .hasMessageContaining("htpasswd -B " + file() + " alice");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          alice:                                     | has no password hash
          alice:$2y$05$tooshort                      | bcrypt hash is damaged
          alice:$2y$03$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234 | bcrypt hash is damaged
          alice:$5$salt$tooshort                     | SHA256-crypt hash is damaged
          alice:$6$rounds=999$salt$abc               | SHA512-crypt hash is damaged
          alice:$2x$05$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ012345 | $2x$ bcrypt
          alice:$y$j9T$salt$hash                     | yescrypt, scrypt or Argon2
          alice:$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA | yescrypt, scrypt or Argon2
          just a line without colon                  | is not 'user:hash'
          :$2y$05$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ012345 | is not 'user:hash'
          """)
  void refuses_damaged_and_unknown_entries(String line, String why) throws Exception {
    Files.writeString(file(), line + "\n");

    assertThatThrownBy(() -> HtpasswdCredentials.load(file()))
        .isInstanceOf(HtpasswdException.class)
        .hasMessageContaining(" line 1")
        .hasMessageContaining(why)
        .hasMessageContaining("htpasswd -B " + file());
  }

  @Test
  void reads_the_file_as_apache_does() throws Exception {
    String alice = OpenBSDBCrypt.generate("2y", "one".toCharArray(), new byte[16], 4);
    String bob = OpenBSDBCrypt.generate("2y", "two".toCharArray(), new byte[16], 4);
    String again = OpenBSDBCrypt.generate("2y", "three".toCharArray(), new byte[16], 4);
    Files.writeString(
        file(),
        "# users of the upload page\r\n"
            + "\r\n"
            + "  alice:"
            + alice
            + "  \r\n"
            + "bob:"
            + bob
            + ":Bob Builder:extra\n"
            + "   # indented comment\n"
            + "alice:"
            + again
            + "\n");

    try (LogCapture log = new LogCapture()) {
      HtpasswdCredentials credentials = HtpasswdCredentials.load(file());

      assertThat(credentials.users()).isEqualTo(2);
      assertThat(credentials.check("alice", "one".toCharArray())).isTrue();
      assertThat(credentials.check("alice", "three".toCharArray())).isFalse();
      assertThat(credentials.check("bob", "two".toCharArray())).isTrue();
      assertThat(log.containing("names a user more than once"))
          .singleElement()
          .asString()
          .contains("alice (line 6)");
    }
  }

  @Test
  void an_empty_file_lets_nobody_in() throws Exception {
    Files.writeString(file(), "# nobody yet\n");

    HtpasswdCredentials credentials = HtpasswdCredentials.load(file());

    assertThat(credentials.users()).isZero();
    assertThat(credentials.check("", "".toCharArray())).isFalse();
    assertThat(credentials.check("alice", "secret".toCharArray())).isFalse();
  }

  @Test
  void a_missing_file_says_how_to_create_one() {
    assertThatThrownBy(() -> HtpasswdCredentials.load(file()))
        .isInstanceOf(HtpasswdException.class)
        .hasMessage(
            "the password file "
                + file()
                + " does not exist. Create it with: htpasswd -B -c "
                + file()
                + " USER");
  }

  @Test
  void a_file_that_is_not_utf8_is_refused() throws Exception {
    Files.write(file(), "jürgen:x\n".getBytes(StandardCharsets.ISO_8859_1));

    assertThatThrownBy(() -> HtpasswdCredentials.load(file()))
        .isInstanceOf(HtpasswdException.class)
        .hasMessageContaining("is not UTF-8 text");
  }
}
