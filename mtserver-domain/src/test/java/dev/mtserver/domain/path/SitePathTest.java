package dev.mtserver.domain.path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SitePathTest {

  @Test
  void parses_segments_and_remembers_the_trailing_slash() {
    SitePath file = SitePath.parse("/docs/guide.html");
    SitePath dir = SitePath.parse("/docs/");

    assertThat(file.segments()).containsExactly("docs", "guide.html");
    assertThat(file.isDirectoryForm()).isFalse();
    assertThat(dir.segments()).containsExactly("docs");
    assertThat(dir.isDirectoryForm()).isTrue();
    assertThat(file).isNotEqualTo(dir);
    assertThat(dir.asFile()).isEqualTo(SitePath.parse("/docs"));
  }

  @Test
  void the_root_is_a_directory_with_no_segments() {
    assertThat(SitePath.parse("/")).isEqualTo(SitePath.ROOT);
    assertThat(SitePath.ROOT.isRoot()).isTrue();
    assertThat(SitePath.ROOT.isDirectoryForm()).isTrue();
    assertThat(SitePath.ROOT.toString()).isEqualTo("/");
  }

  @Test
  void repeated_slashes_collapse() {
    assertThat(SitePath.parse("//a///b//")).isEqualTo(SitePath.parse("/a/b/"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/..",
        "/a/../b",
        "/.",
        "/a/./b",
        "/a\\b",
        "/a\u0000b",
        "/a\nb",
        "/a\u007fb",
        "a/b"
      })
  void refuses_anything_that_could_climb_or_smuggle(String path) {
    assertThatThrownBy(() -> SitePath.parse(path)).isInstanceOf(InvalidSitePathException.class);
  }

  @Test
  void of_refuses_bad_segments_too() {
    assertThatThrownBy(() -> SitePath.of(List.of("a", ".."), false))
        .isInstanceOf(InvalidSitePathException.class);
    assertThatThrownBy(() -> SitePath.of(List.of("a/b"), false))
        .isInstanceOf(InvalidSitePathException.class);
    assertThatThrownBy(() -> SitePath.of(List.of(""), false))
        .isInstanceOf(InvalidSitePathException.class);
  }

  @Test
  void dot_names_that_are_not_dot_segments_are_ordinary_but_hidden() {
    SitePath path = SitePath.parse("/.git/config");
    assertThat(path.hasHiddenSegment()).isTrue();
    assertThat(SitePath.parse("/a/...").hasHiddenSegment()).isTrue();
    assertThat(SitePath.parse("/a/b.txt").hasHiddenSegment()).isFalse();
  }

  @Test
  void extension_is_lower_case_and_absent_for_dotfiles() {
    assertThat(SitePath.parse("/A.HTML").extension()).contains("html");
    assertThat(SitePath.parse("/.htaccess").extension()).isEmpty();
    assertThat(SitePath.parse("/README").extension()).isEmpty();
    assertThat(SitePath.parse("/archive.").extension()).isEmpty();
  }

  @Test
  void uri_form_is_percent_encoded_and_never_starts_with_two_slashes() {
    SitePath path = SitePath.of(List.of("a b", "ü?#%"), true);
    assertThat(path.toUriPath()).isEqualTo("/a%20b/%C3%BC%3F%23%25/");
    assertThat(SitePath.parse("//evil.example/x").toUriPath()).isEqualTo("/evil.example/x");
  }

  @Test
  void the_parent_is_the_enclosing_directory() {
    assertThat(SitePath.parse("/docs/a.html").parent()).isEqualTo(SitePath.parse("/docs/"));
    assertThat(SitePath.parse("/docs/img/").parent()).isEqualTo(SitePath.parse("/docs/"));
    assertThat(SitePath.parse("/a.html").parent()).isEqualTo(SitePath.ROOT);
    assertThat(SitePath.ROOT.parent()).isEqualTo(SitePath.ROOT);
  }

  @Test
  void dot_names_are_hidden_except_well_known() {
    assertThat(SitePath.isHiddenName(".git")).isTrue();
    assertThat(SitePath.isHiddenName(".env")).isTrue();
    assertThat(SitePath.isHiddenName(".well-known")).isFalse();
    assertThat(SitePath.isHiddenName("a.txt")).isFalse();
    assertThat(SitePath.parse("/a/.git/config").hasHiddenSegment()).isTrue();
    assertThat(SitePath.parse("/.well-known/security.txt").hasHiddenSegment()).isFalse();
  }
}
