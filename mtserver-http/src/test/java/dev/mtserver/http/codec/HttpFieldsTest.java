package dev.mtserver.http.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The same behaviour whether the fields were built in code or parsed from a request. */
class HttpFieldsTest {

  private static final String PARSED =
      "GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, Upgrade\r\nX-Dup: one\r\n"
          + "x-dup: two\r\nAccept: */*\r\n\r\n";

  static Stream<Supplier<HttpFields>> both_kinds() {
    return Stream.of(
        () ->
            new HttpFields()
                .add("Host", "a")
                .add("Connection", "keep-alive, Upgrade")
                .add("X-Dup", "one")
                .add("x-dup", "two")
                .add("Accept", "*/*"),
        () -> {
          try {
            return Wire.head(PARSED).fields();
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
  }

  @ParameterizedTest
  @MethodSource("both_kinds")
  void lookups_ignore_the_case_of_names(Supplier<HttpFields> kind) {
    HttpFields fields = kind.get();

    assertThat(fields.first("HOST")).contains("a");
    assertThat(fields.all("X-DUP")).containsExactly("one", "two");
    assertThat(fields.count("x-Dup")).isEqualTo(2);
    assertThat(fields.contains("accept")).isTrue();
    assertThat(fields.contains("Accept-Encoding")).isFalse();
    assertThat(fields.first("Missing")).isEmpty();
    assertThat(fields.size()).isEqualTo(5);
    assertThat(fields.name(3)).isEqualTo("x-dup");
    assertThat(fields.value(4)).isEqualTo("*/*");
  }

  @ParameterizedTest
  @MethodSource("both_kinds")
  void tokens_are_found_in_comma_separated_lists(Supplier<HttpFields> kind) {
    HttpFields fields = kind.get();

    assertThat(fields.containsToken("connection", "upgrade")).isTrue();
    assertThat(fields.containsToken("Connection", "KEEP-ALIVE")).isTrue();
    assertThat(fields.containsToken("Connection", "close")).isFalse();
    assertThat(fields.containsToken("Connection", "keep")).isFalse();
    assertThat(fields.containsToken("Host", "b")).isFalse();
  }

  @ParameterizedTest
  @MethodSource("both_kinds")
  void set_and_remove_change_every_field_of_a_name(Supplier<HttpFields> kind) {
    HttpFields fields = kind.get();

    fields.set("x-DUP", "three").remove("host").add("Host", "b");

    assertThat(fields.all("X-Dup")).containsExactly("three");
    assertThat(fields.first("Host")).contains("b");
    assertThat(fields.size()).isEqualTo(4);
    assertThat(fields)
        .hasToString("Connection: keep-alive, Upgrade\nAccept: */*\nx-DUP: three\nHost: b\n");
  }

  @org.junit.jupiter.api.Test
  void known_names_are_shared_instead_of_copied() throws Exception {
    HttpFields fields = Wire.head(PARSED).fields();

    assertThat(fields.name(0)).isSameAs("Host");
    assertThat(fields.name(4)).isSameAs("Accept");
  }

  @org.junit.jupiter.api.Test
  void a_list_element_is_trimmed_but_not_split_on_spaces() {
    HttpFields fields = new HttpFields().add("Connection", " close ,\tfoo bar ");

    assertThat(fields.containsToken("Connection", "close")).isTrue();
    assertThat(fields.containsToken("Connection", "foo")).isFalse();
    assertThat(fields.containsToken("Connection", "foo bar")).isTrue();
  }

  @org.junit.jupiter.api.Test
  void fields_are_checked_for_null() {
    assertThatThrownBy(() -> new HttpFields().add("X", null))
        .isInstanceOf(NullPointerException.class);
  }
}
