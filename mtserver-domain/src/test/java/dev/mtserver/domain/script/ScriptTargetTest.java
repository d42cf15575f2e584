package dev.mtserver.domain.script;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.domain.path.SitePath;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScriptTargetTest {

  @ParameterizedTest(name = "{0} runs {1} with PATH_INFO \"{2}\"")
  @CsvSource(
      delimiter = '|',
      value = {
        "/index.php           | /index.php    | ''",
        "/a/b/page.php        | /a/b/page.php  | ''",
        "/app.php/users/7     | /app.php      | /users/7",
        "/app.php/users/      | /app.php      | /users/",
        "/app.php/            | /app.php      | /",
        "/PAGE.PHP            | /PAGE.PHP     | ''",
        "/x.Php/y.php         | /x.Php        | /y.php",
        "/dir/a.php/b c/ü     | /dir/a.php    | /b c/ü"
      })
  void the_first_php_segment_is_the_script_and_the_rest_is_path_info(
      String path, String script, String pathInfo) {
    Optional<ScriptTarget> target = ScriptTarget.find(SitePath.parse(path));

    assertThat(target).contains(new ScriptTarget(SitePath.parse(script), pathInfo));
  }

  @ParameterizedTest(name = "{0} names no script")
  @CsvSource({"/", "/index.html", "/php", "/a.phpx/b", "/a.php.txt", "/notes.php.bak", "/dir/"})
  void paths_without_a_php_segment_name_no_script(String path) {
    assertThat(ScriptTarget.find(SitePath.parse(path))).isEmpty();
  }

  @ParameterizedTest(name = "{0}: last segment is a script = {1}")
  @CsvSource({
    "/a.php, true",
    "/A.PHP, true",
    "/a.php/, true",
    "/a.php/b, false",
    "/, false",
    "/a.html, false"
  })
  void is_script_looks_at_the_last_segment_only(String path, boolean expected) {
    assertThat(ScriptTarget.isScript(SitePath.parse(path))).isEqualTo(expected);
  }
}
