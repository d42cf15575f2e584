package dev.mtserver.domain.script;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.upload.UploadArea;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ScriptServiceTest {

  private final Map<SitePath, ScriptFile> site =
      Map.of(
          SitePath.parse("/app.php"),
          new ScriptFile(SitePath.parse("/app.php"), ScriptLocation.localFile("/srv/app.php")),
          SitePath.parse("/downloads/x.php"),
          new ScriptFile(
              SitePath.parse("/downloads/x.php"),
              ScriptLocation.localFile("/srv/downloads/x.php")));
  private final List<ScriptFile> ran = new ArrayList<>();
  private final ScriptRunnerPort runner =
      (file, invocation) -> {
        ran.add(file);
        return new ScriptOutcome.Response(200, List.of(), OptionalLong.empty(), new EmptyOutput());
      };
  private final ScriptService service =
      new ScriptService(
          path -> Optional.ofNullable(site.get(path)),
          runner,
          UploadArea.at(SitePath.parse("/downloads/")));

  @Test
  void a_located_script_is_run_with_its_file() throws Exception {
    ScriptOutcome outcome = service.run(invocation("/app.php"));

    assertThat(outcome).isInstanceOf(ScriptOutcome.Response.class);
    assertThat(ran)
        .extracting(ScriptFile::location)
        .containsExactly(ScriptLocation.localFile("/srv/app.php"));
  }

  @Test
  void a_script_the_store_does_not_locate_is_not_found_and_nothing_runs() throws Exception {
    assertThat(service.run(invocation("/missing.php"))).isEqualTo(new ScriptOutcome.NotFound());
    assertThat(ran).isEmpty();
  }

  @Test
  void nothing_below_the_uploads_directory_runs_even_if_the_store_has_it() throws Exception {
    assertThat(service.run(invocation("/downloads/x.php")))
        .isEqualTo(new ScriptOutcome.Forbidden());
    assertThat(ran).isEmpty();
  }

  private static ScriptInvocation invocation(String script) {
    return new ScriptInvocation(
        ScriptTarget.find(SitePath.parse(script)).orElseThrow(),
        "GET",
        script,
        "",
        "HTTP/1.1",
        List.of(new HeaderField("Host", "example.org")),
        new Endpoint("192.0.2.1", 50000),
        new Endpoint("127.0.0.1", 8080),
        "example.org",
        RequestBody.none());
  }

  private static final class EmptyOutput implements ScriptOutput {
    @Override
    public long length() {
      return 0;
    }

    @Override
    public void transferTo(OutputStream out) {}

    @Override
    public void discard() {}

    @Override
    public void close() {}
  }
}
