package dev.mtserver.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.BrowsingSettings;
import dev.mtserver.domain.content.ArchiveLimits;
import dev.mtserver.domain.path.SitePath;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The issue-19 flags: defaults, values, the environment, and one line with exit 2 when bad. */
class BrowsingOptionsTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final Map<String, String> env = new HashMap<>();

  private BrowsingSettings parse(String... args) throws Exception {
    MtServerCommand command =
        new MtServerCommand(new PrintWriter(out, true), new PrintWriter(err, true));
    CommandLine commandLine =
        Main.commandLine(
            command, args, env, new PrintWriter(out, true), new PrintWriter(err, true));
    commandLine.parseArgs(args);
    return command.settings().browsing();
  }

  @Test
  void by_default_uploads_are_listed_gzip_is_on_and_archives_are_bounded() throws Exception {
    assertThat(parse())
        .isEqualTo(new BrowsingSettings(true, true, ArchiveLimits.defaults(), Optional.empty()));
  }

  @Test
  void each_flag_sets_its_setting() throws Exception {
    assertThat(
            parse(
                "--no-uploads-listing",
                "--compress",
                "off",
                "--archive-max-bytes",
                "10m",
                "--archive-max-files",
                "5",
                "--spa",
                "/index.html"))
        .isEqualTo(
            new BrowsingSettings(
                false,
                false,
                new ArchiveLimits(10L << 20, 5),
                Optional.of(SitePath.parse("/index.html"))));
  }

  @Test
  void the_environment_sets_them_too() throws Exception {
    env.put("MTSERVER_COMPRESS", "off");
    env.put("MTSERVER_UPLOADS_LISTING", "false");

    BrowsingSettings settings = parse();

    assertThat(settings.compress()).isFalse();
    assertThat(settings.uploadsListing()).isFalse();
  }

  @Test
  void a_bad_value_is_one_line_on_stderr_and_exit_2() {
    for (String[] args : new String[][] {{"--compress", "brotli"}, {"--archive-max-files", "-1"}}) {
      StringWriter errors = new StringWriter();
      int status =
          Main.run(
              args, new PrintWriter(new StringWriter(), true), new PrintWriter(errors, true), env);

      assertThat(status).as(String.join(" ", args)).isEqualTo(2);
      assertThat(errors.toString()).as(String.join(" ", args)).contains(args[0]);
    }
  }
}
