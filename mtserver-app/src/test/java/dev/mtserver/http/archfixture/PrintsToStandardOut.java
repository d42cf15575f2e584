package dev.mtserver.http.archfixture;

/** Deliberately bad: printing outside the command line. */
public class PrintsToStandardOut {
  public void run() {
    System.out.println("only the CLI may print");
  }
}
