package dev.mtserver.app.cli;

import dev.mtserver.app.ServerSettings.ScriptSettings;
import dev.mtserver.domain.path.InvalidSitePathException;
import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.script.ScriptTarget;
import dev.mtserver.dynamic.fastcgi.FastCgiAddress;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The flags that run PHP on php-fpm and route a PHP application's requests (issue 18): kept apart
 * from {@code --php-cgi} and the script limits in {@link MtServerCommand}, which they complete.
 */
final class PhpFpmOptions {

  @Option(
      names = "--php-fpm",
      paramLabel = "unix:/PATH|HOST:PORT",
      description = {
        "Run .php pages on the php-fpm listening there, over FastCGI (instead of --php-cgi).",
        "Default: off"
      },
      showDefaultValue = CommandLine.Help.Visibility.NEVER)
  String phpFpm;

  @Option(
      names = "--php-fpm-connections",
      paramLabel = "N",
      description =
          "Connections to php-fpm kept open, so scripts running at once there; at most its"
              + " pm.max_children.")
  int fpmConnections = ScriptSettings.DEFAULT_FPM_CONNECTIONS;

  @Option(
      names = "--php-front-controller",
      paramLabel = "/SCRIPT.php",
      description = {
        "Run this script for requests whose path names no file or directory, the original"
            + " REQUEST_URI kept (nginx: try_files $uri $uri/ /index.php?$args).",
        "Default: off"
      },
      showDefaultValue = CommandLine.Help.Visibility.NEVER)
  String frontController;

  /**
   * The script settings with these flags applied to {@code cgi} (what {@code --php-cgi} and the
   * script limits set).
   *
   * @throws ParameterException for a bad value, or {@code --php-fpm} with {@code --php-cgi}
   */
  ScriptSettings apply(ScriptSettings cgi, CommandLine commandLine) {
    if (fpmConnections < 1) {
      throw new ParameterException(
          commandLine, "Invalid value for option '--php-fpm-connections': must be at least 1");
    }
    Optional<FastCgiAddress> address = Optional.empty();
    if (phpFpm != null) {
      if (cgi.phpCgi().isPresent()) {
        throw new ParameterException(
            commandLine, "--php-cgi and --php-fpm cannot both be given: choose one way to run PHP");
      }
      try {
        address = Optional.of(FastCgiAddress.parse(phpFpm.strip()));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(
            commandLine, "Invalid value for option '--php-fpm': " + e.getMessage());
      }
    }
    ScriptSettings settings = cgi.withPhpFpm(address).withFpmConnections(fpmConnections);
    return settings.withFrontController(frontController(settings, commandLine));
  }

  private Optional<SitePath> frontController(ScriptSettings settings, CommandLine commandLine) {
    if (frontController == null) {
      return Optional.empty();
    }
    String bad = "Invalid value for option '--php-front-controller': ";
    if (!settings.enabled()) {
      throw new ParameterException(commandLine, bad + "it needs --php-cgi or --php-fpm");
    }
    SitePath script;
    try {
      script = SitePath.parse(frontController.strip());
    } catch (InvalidSitePathException e) {
      script = null;
    }
    if (script == null || script.isDirectoryForm() || !ScriptTarget.isScript(script)) {
      throw new ParameterException(
          commandLine,
          bad + "'" + frontController + "' is not a .php path in the site, such as /index.php");
    }
    return Optional.of(script);
  }
}
