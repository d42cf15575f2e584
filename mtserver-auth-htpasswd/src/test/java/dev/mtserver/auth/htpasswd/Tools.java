package dev.mtserver.auth.htpasswd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real tools people make password entries with: Apache's {@code htpasswd} and {@code openssl
 * passwd}. Passwords go in on standard input as UTF-8 bytes, as a terminal would send them.
 */
final class Tools {

  private Tools() {}

  static String run(byte[] stdin, String... command) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    process.getOutputStream().write(stdin);
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("timed out: " + List.of(command));
    }
    if (process.exitValue() != 0) {
      throw new IOException("failed (" + process.exitValue() + "): " + List.of(command));
    }
    return output;
  }

  /** {@code htpasswd -i [-c] OPTIONS FILE USER}, the password on standard input. */
  static void htpasswd(Path file, String user, String password, boolean create, String... options)
      throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("htpasswd", "-i"));
    if (create) {
      command.add("-c");
    }
    command.addAll(List.of(options));
    command.add(file.toString());
    command.add(user);
    run(password.getBytes(StandardCharsets.UTF_8), command.toArray(String[]::new));
  }

  /** The hash {@code htpasswd -n -i OPTIONS USER} prints for {@code password}. */
  static String htpasswdHash(String password, String... options)
      throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("htpasswd", "-n", "-i"));
    command.addAll(List.of(options));
    command.add("user");
    String line =
        run(password.getBytes(StandardCharsets.UTF_8), command.toArray(String[]::new)).strip();
    return line.substring(line.indexOf(':') + 1);
  }

  /** {@code openssl passwd OPTIONS -stdin}. */
  static String opensslPasswd(String password, String... options)
      throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("openssl", "passwd"));
    command.addAll(List.of(options));
    command.add("-stdin");
    return run((password + "\n").getBytes(StandardCharsets.UTF_8), command.toArray(String[]::new))
        .strip();
  }
}
