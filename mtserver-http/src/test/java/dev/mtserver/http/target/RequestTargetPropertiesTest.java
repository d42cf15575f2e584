package dev.mtserver.http.target;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.http.testing.ByteMutations;
import dev.mtserver.http.testing.FuzzTargets;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The path decoder under arbitrary, structured and mutated request-targets: every target gives a
 * clean site path (plain names only, whose canonical form decodes back to it) or a 400 — never
 * another exception, never a path above the root. Dot-segments are checked against a small
 * reference model of RFC 3986 §5.2.4 with this server's one difference: climbing above the root is
 * refused, not clamped.
 */
class RequestTargetPropertiesTest {

  private static final List<String> METHODS =
      List.of("GET", "HEAD", "POST", "OPTIONS", "CONNECT", "PUT");

  /** Segments whose decoded meaning the model knows. */
  private static final List<String> SEGMENTS =
      List.of(
          "a",
          "b",
          "index.html",
          "",
          ".",
          "..",
          "%2e",
          "%2E",
          "%2e%2e",
          ".%2e",
          "%2E.",
          "...",
          "x%20y",
          "caf%C3%A9",
          "%7Euser",
          "%252e%252e",
          "a..",
          "..a",
          ".hidden");

  /** Pieces of targets that decoders get wrong. */
  private static final List<String> PIECES =
      List.of(
          "/",
          "/",
          "//",
          ".",
          "..",
          "%2e",
          "%2E",
          "%2f",
          "%2F",
          "%5c",
          "%5C",
          "\\",
          "%00",
          "%0a",
          "%0D",
          "%7f",
          "%",
          "%%",
          "%2",
          "%zz",
          "%25",
          "%C0%AF",
          "%C0%AE",
          "%E0%80%AF",
          "%ED%A0%80",
          "%F4%90%80%80",
          "%C3%A9",
          "%E2%82%AC",
          "%F0%9F%98%80",
          "%FF",
          "%C3",
          "?",
          "#",
          "?a=b",
          ";",
          "a",
          "~",
          "+",
          "@",
          ":",
          "http://",
          "https://",
          "host",
          "[::1]",
          ":80",
          "*");

  @Property(tries = 2000)
  void arbitrary_targets_give_a_clean_path_or_400(
      @ForAll("methods") String method, @ForAll("printable") String target) {
    FuzzTargets.target(method, target);
  }

  @Property(tries = 3000)
  void targets_built_from_tricky_pieces_give_a_clean_path_or_400(
      @ForAll("methods") String method, @ForAll("tricky") String target) {
    FuzzTargets.target(method, target);
  }

  @Property(tries = 2000)
  void mutated_targets_give_a_clean_path_or_400(@ForAll("mutated") byte[] target) {
    FuzzTargets.target("GET", new String(target, StandardCharsets.ISO_8859_1));
  }

  @Property(tries = 2000)
  void dot_segments_resolve_as_the_reference_model_says_and_never_climb_above_the_root(
      @ForAll("segmentLists") List<String> segments, @ForAll boolean absoluteForm) {
    String path = "/" + String.join("/", segments);
    String target = absoluteForm ? "http://example.com" + path : path;

    assertThat(FuzzTargets.target("GET", target)).isEqualTo(model(segments));
  }

  /**
   * RFC 3986 remove_dot_segments over decoded segments, refusing instead of clamping at the root.
   */
  private static String model(List<String> rawSegments) {
    List<String> stack = new ArrayList<>();
    boolean directory = rawSegments.isEmpty();
    for (int i = 0; i < rawSegments.size(); i++) {
      String segment =
          URLDecoder.decode(rawSegments.get(i).replace("+", "%2B"), StandardCharsets.UTF_8);
      boolean last = i == rawSegments.size() - 1;
      switch (segment) {
        case "", "." -> directory = last;
        case ".." -> {
          if (stack.isEmpty()) {
            return "400 Path climbs above the root";
          }
          stack.remove(stack.size() - 1);
          directory = last;
        }
        default -> {
          stack.add(segment);
          directory = false;
        }
      }
    }
    if (stack.isEmpty()) {
      return "/";
    }
    return FuzzTargets.escape("/" + String.join("/", stack) + (directory ? "/" : ""));
  }

  @Provide
  Arbitrary<String> methods() {
    return Arbitraries.of(METHODS);
  }

  /** What the head parser lets through: visible ASCII, usually starting with '/'. */
  @Provide
  Arbitrary<String> printable() {
    Arbitrary<String> text =
        Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(120);
    return Arbitraries.oneOf(text, text.map(t -> "/" + t));
  }

  @Provide
  Arbitrary<String> tricky() {
    Arbitrary<String> piece = Arbitraries.of(PIECES);
    Arbitrary<String> hex =
        Arbitraries.integers().between(0, 255).map(b -> String.format("%%%02X", b));
    return Arbitraries.oneOf(piece, piece, piece, hex)
        .list()
        .ofMinSize(1)
        .ofMaxSize(20)
        .map(parts -> String.join("", parts));
  }

  @Provide
  Arbitrary<byte[]> mutated() {
    Arbitrary<byte[]> valid =
        Arbitraries.of(
                "/",
                "/index.html",
                "/docs/a%20b/c.html?x=1&y=%2F",
                "/caf%C3%A9/",
                "/a/./b/../c",
                "http://example.com:8080/a/b?q",
                "/%7Euser/.well-known/x",
                "/a;b=c/d,e")
            .map(FuzzTargets::wire);
    return ByteMutations.of(
        valid,
        new byte[] {'/', '.', '%', '2', 'e', 'f', 'F', '0', '?', '#', '\\', ':', '@', (byte) 0xc3},
        List.of("..", "%2e%2e", "%2f", "%00", "//", "/../", "%", "%C0%AF", "http://"),
        4);
  }

  @Provide
  Arbitrary<List<String>> segmentLists() {
    return Arbitraries.of(SEGMENTS).list().ofMaxSize(8);
  }
}
