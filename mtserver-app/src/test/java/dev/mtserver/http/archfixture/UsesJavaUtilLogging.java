package dev.mtserver.http.archfixture;

import java.util.logging.Logger;

/** Deliberately bad: logging around SLF4J. */
public class UsesJavaUtilLogging {
  public void run() {
    Logger.getLogger("x").info("not through SLF4J");
  }
}
