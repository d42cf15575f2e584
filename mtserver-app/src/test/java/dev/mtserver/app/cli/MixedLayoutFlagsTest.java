package dev.mtserver.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.ServerSettings;
import dev.mtserver.storage.s3.S3Location;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Issue 15: the site in a bucket and its uploads in a directory here, or the reverse (ADR 0042).
 * Exit 2 for what does not work together is {@code MainTest}'s.
 */
class MixedLayoutFlagsTest {

  private static ServerSettings parse(String... args) throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    MtServerCommand command =
        new MtServerCommand(new PrintWriter(out, true), new PrintWriter(err, true));
    CommandLine commandLine =
        Main.commandLine(
            command, args, new HashMap<>(), new PrintWriter(out, true), new PrintWriter(err, true));
    commandLine.parseArgs(args);
    return command.settings();
  }

  @Test
  void a_site_in_a_bucket_may_keep_its_uploads_in_a_directory_here() throws Exception {
    ServerSettings settings = parse("--root", "s3://site/www/", "--uploads", "/srv/uploads");

    assertThat(settings.shared().site()).contains(S3Location.parse("s3://site/www/"));
    assertThat(settings.shared().uploads()).isEmpty();
    assertThat(settings.shared().uploadsOnThisHost()).isTrue();
    assertThat(settings.shared().mixed()).isTrue();
    assertThat(settings.directories().uploads()).isEqualTo(Path.of("/srv/uploads"));
  }

  @Test
  void a_site_here_may_keep_its_uploads_in_a_bucket_and_run_php() throws Exception {
    ServerSettings settings =
        parse("--root", "/srv/www", "--uploads", "s3://site/up/", "--php-fpm", "127.0.0.1:9000");

    assertThat(settings.shared().site()).isEmpty();
    assertThat(settings.shared().uploads()).contains(S3Location.parse("s3://site/up/"));
    assertThat(settings.shared().uploadsOnThisHost()).isFalse();
    assertThat(settings.shared().anyRemote()).isTrue();
    assertThat(settings.directories().root()).isEqualTo(Path.of("/srv/www"));
    assertThat(settings.scripts().phpFpm()).isPresent();
  }

  @Test
  void without_uploads_a_site_in_a_bucket_keeps_them_below_it_in_the_bucket() throws Exception {
    ServerSettings settings = parse("--root", "s3://site/www/");

    assertThat(settings.shared().uploads())
        .isEqualTo(Optional.of(S3Location.parse("s3://site/www/downloads/")));
    assertThat(settings.shared().mixed()).isFalse();
  }
}
