package dev.mtserver.app.cgi;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mtserver.dynamic.cgi.Executables;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The php-cgi the integration tests run. {@code .ci/run} installs it, so under {@code CI=true} a
 * missing one fails the tests; on a developer's machine without it they are skipped.
 */
final class PhpCgi {

  private PhpCgi() {}

  static Path require() {
    Optional<Path> found = Executables.findOnPath(Executables.PHP_CGI, System.getenv("PATH"));
    if (found.isEmpty()) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("php-cgi is not on the PATH; .ci/run installs Debian's php-cgi");
      }
      assumeTrue(false, "php-cgi is not installed; skipping the PHP integration tests");
    }
    return found.get();
  }
}
