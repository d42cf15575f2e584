package dev.mtserver.domain.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FileNameSanitizerTest {

  static Stream<Arguments> client_names() {
    return Stream.of(
        Arguments.of("plain name", "report.pdf", "report.pdf"),
        Arguments.of("spaces inside are kept", "my report v2.pdf", "my report v2.pdf"),
        Arguments.of("unix directories dropped", "/etc/passwd", "passwd"),
        Arguments.of("traversal dropped", "../../etc/cron.d/evil", "evil"),
        Arguments.of("windows path dropped", "C:\\Users\\me\\report.pdf", "report.pdf"),
        Arguments.of("mixed separators", "a/b\\c/d.txt", "d.txt"),
        Arguments.of("trailing separator leaves nothing", "dir/", FileNameSanitizer.FALLBACK_NAME),
        Arguments.of("dot", ".", FileNameSanitizer.FALLBACK_NAME),
        Arguments.of("dot dot", "..", FileNameSanitizer.FALLBACK_NAME),
        Arguments.of("dot dot after a separator", "x/..", FileNameSanitizer.FALLBACK_NAME),
        Arguments.of("empty", "", FileNameSanitizer.FALLBACK_NAME),
        Arguments.of("only spaces", "   ", FileNameSanitizer.FALLBACK_NAME),
        Arguments.of("null", null, FileNameSanitizer.FALLBACK_NAME),
        Arguments.of("hidden file made visible", ".htaccess", "htaccess"),
        Arguments.of("leading dots and spaces", " . .env", "env"),
        Arguments.of("NUL removed", "a\u0000b.txt", "ab.txt"),
        Arguments.of("CR LF removed", "a\r\nb.txt", "ab.txt"),
        Arguments.of("tab removed", "a\tb.txt", "ab.txt"),
        Arguments.of("DEL and C1 removed", "a\u007f\u0085b.txt", "ab.txt"),
        Arguments.of("right-to-left override removed", "evil\u202Efdp.exe", "evilfdp.exe"),
        Arguments.of(
            "every bidi control removed",
            "\u061C\u200E\u200F\u202A\u202B\u202C\u202D\u2066\u2067\u2068\u2069x.txt",
            "x.txt"),
        Arguments.of("zero-width space and BOM removed", "\uFEFFre\u200Bport.pdf", "report.pdf"),
        Arguments.of("line separator removed", "a\u2028b.txt", "ab.txt"),
        Arguments.of("unpaired surrogate removed", "a\uD800b.txt", "ab.txt"),
        Arguments.of(
            "emoji with joiner kept",
            "\uD83D\uDC69\u200D\uD83D\uDCBB.png",
            "\uD83D\uDC69\u200D\uD83D\uDCBB.png"),
        Arguments.of("unicode letters kept", "Résumé_日本語_Ελληνικά.txt", "Résumé_日本語_Ελληνικά.txt"),
        Arguments.of("decomposed accents composed (NFC)", "Re\u0301sume\u0301.txt", "Résumé.txt"),
        Arguments.of("percent and quotes kept", "100% \"sure\".txt", "100% \"sure\".txt"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("client_names")
  void sanitises_client_names(String rule, String clientName, String expected) {
    assertThat(FileNameSanitizer.sanitize(clientName)).isEqualTo(expected);
  }

  @Test
  void a_long_ascii_name_is_cut_to_255_bytes_keeping_its_extension() {
    String name = "a".repeat(300) + ".pdf";

    String safe = FileNameSanitizer.sanitize(name);

    assertThat(utf8(safe)).isEqualTo(255);
    assertThat(safe).endsWith("a.pdf").startsWith("aaa");
  }

  @Test
  void a_long_name_of_three_byte_letters_is_cut_between_characters() {
    String name = "日".repeat(100) + ".txt"; // 300 + 4 bytes

    String safe = FileNameSanitizer.sanitize(name);

    assertThat(utf8(safe)).isLessThanOrEqualTo(255);
    assertThat(safe).isEqualTo("日".repeat(83) + ".txt"); // 249 + 4 = 253; one more would be 256
  }

  @Test
  void a_long_name_of_emoji_is_never_cut_inside_a_surrogate_pair() {
    String name = "\uD83D\uDE00".repeat(70); // 280 bytes, no extension

    String safe = FileNameSanitizer.sanitize(name);

    assertThat(safe).isEqualTo("\uD83D\uDE00".repeat(63)); // 252 bytes
    assertThat(new String(safe.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
        .isEqualTo(safe);
  }

  static Stream<Arguments> numbered_names() {
    return Stream.of(
        Arguments.of("report.pdf", 0, "report.pdf"),
        Arguments.of("report.pdf", 1, "report (1).pdf"),
        Arguments.of("report.pdf", 12, "report (12).pdf"),
        Arguments.of("README", 1, "README (1)"),
        Arguments.of("backup.tar.gz", 2, "backup (2).tar.gz"),
        Arguments.of("a.b.c", 1, "a.b (1).c"),
        Arguments.of("upload", 3, "upload (3)"));
  }

  @ParameterizedTest(name = "{0} #{1} -> {2}")
  @MethodSource("numbered_names")
  void numbers_a_taken_name_before_its_extension(String name, int n, String expected) {
    assertThat(FileNameSanitizer.numbered(name, n)).isEqualTo(expected);
  }

  @Test
  void a_numbered_long_name_still_fits_255_bytes() {
    String safe = FileNameSanitizer.sanitize("b".repeat(400) + ".jpeg");

    String numbered = FileNameSanitizer.numbered(safe, 12345);

    assertThat(utf8(numbered)).isEqualTo(255);
    assertThat(numbered).endsWith("b (12345).jpeg");
  }

  @Test
  void a_huge_extension_is_treated_as_part_of_the_name() {
    String safe = FileNameSanitizer.sanitize("x." + "e".repeat(300));

    assertThat(utf8(safe)).isEqualTo(255);
    assertThat(FileNameSanitizer.numbered(safe, 1)).endsWith(" (1)");
  }

  @Test
  void a_tag_goes_before_the_extension_and_a_long_name_still_fits() {
    assertThat(FileNameSanitizer.tagged("report.pdf", "k3x9qa")).isEqualTo("report (k3x9qa).pdf");
    assertThat(FileNameSanitizer.tagged("backup.tar.gz", "k3x9qa"))
        .isEqualTo("backup (k3x9qa).tar.gz");
    String tagged =
        FileNameSanitizer.tagged(FileNameSanitizer.sanitize("b".repeat(400) + ".jpeg"), "k3x9qa");
    assertThat(utf8(tagged)).isEqualTo(255);
    assertThat(tagged).endsWith("b (k3x9qa).jpeg");
  }

  static Stream<Arguments> names_for_an_ascii_file_system() {
    return Stream.of(
        Arguments.of("ASCII stays as it is", "report 2024 (final).pdf", "report 2024 (final).pdf"),
        Arguments.of("accents are dropped", "résumé.pdf", "resume.pdf"),
        Arguments.of("every accented letter", "naïve café Ångström.txt", "naive cafe Angstrom.txt"),
        Arguments.of("a ligature is spelled out", "ﬁnal.txt", "final.txt"),
        Arguments.of(
            "a run of other letters is one underscore", "mixed 報告書 2024.txt", "mixed _ 2024.txt"),
        Arguments.of("no letter left: the fallback name", "報告.txt", "upload.txt"),
        Arguments.of("no letter left in Greek either", "Ελληνικά.txt", "upload.txt"),
        Arguments.of("no letter and no extension", "日本語", "upload"),
        Arguments.of("an emoji is not a letter", "\uD83D\uDE00 party.png", "_ party.png"),
        Arguments.of("sharp s has no accentless form", "Straße.txt", "Stra_e.txt"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names_for_an_ascii_file_system")
  void a_name_is_spelled_with_what_an_ascii_file_system_can_store(
      String rule, String name, String expected) {
    String safe = FileNameSanitizer.sanitize(name);

    String stored = FileNameSanitizer.storable(safe, cp -> cp < 0x80);

    assertThat(stored).isEqualTo(expected);
    assertThat(FileNameSanitizer.sanitize(stored)).as("still a sanitised name").isEqualTo(stored);
  }

  @Test
  void a_latin_1_file_system_keeps_the_accents_it_can_store() {
    assertThat(FileNameSanitizer.storable("résumé 報告.txt", cp -> cp < 0x100))
        .isEqualTo("résumé _.txt");
  }

  private static int utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
