package dev.mtserver.dynamic.fastcgi.archfixture;

import dev.mtserver.dynamic.cgi.Executables;
import java.nio.file.Path;
import java.util.Optional;

/** Deliberately bad: the FastCGI adapter reaching into the CGI adapter. */
public final class FastCgiBorrowsFromCgi {

  public Optional<Path> phpCgi() {
    return Executables.findOnPath(Executables.PHP_CGI, "/usr/bin");
  }
}
