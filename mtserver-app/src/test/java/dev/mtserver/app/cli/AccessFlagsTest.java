package dev.mtserver.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The access flags' refusals (ADR 0040): one line on stderr naming the flag, exit 2, and no socket
 * opened — every case here is refused before the server binds.
 */
class AccessFlagsTest {

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    String[] all = new String[args.length + 4];
    all[0] = "--root";
    all[1] = dir.resolve("public").toString();
    all[2] = "--data";
    all[3] = dir.resolve("data").toString();
    System.arraycopy(args, 0, all, 4, args.length);
    return Main.run(all, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private Path users(String line) throws Exception {
    Path file = dir.resolve("users");
    Files.writeString(file, line + "\n");
    return file;
  }

  @Test
  void basic_auth_on_plain_http_on_a_reachable_address_is_refused() throws Exception {
    // a bcrypt entry (cost 4) for "ann"; the refusal comes before the file matters
    Path file = users("ann:$2y$04$abcdefghijklmnopqrstuu5Xn0S9Zq9b7f2oQmN4pxOqUpeDsfQnG");
    assertThat(run("--bind", "0.0.0.0", "--port", "0", "--auth-file", file.toString()))
        .isEqualTo(2);
    assertThat(err.toString())
        .contains("--auth-file")
        .contains("clear text")
        .contains("--allow-insecure-auth");
    assertThat(err.toString().strip().lines()).hasSize(1);
  }

  @Test
  void an_apr1_entry_is_refused_with_how_to_make_a_bcrypt_one() throws Exception {
    Path file = users("ann:$apr1$abcdefgh$0123456789abcdefghijkl");
    assertThat(run("--port", "0", "--auth-file", file.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("--auth-file").contains("htpasswd -B");
  }

  @Test
  void a_bad_scope_or_origin_is_a_bad_value() {
    assertThat(run("--auth-scope", "some")).isEqualTo(2);
    assertThat(err.toString()).contains("--auth-scope").contains("writes, all");
    assertThat(run("--cors", "https://app.example.com/path")).isEqualTo(2);
    assertThat(err.toString()).contains("--cors").contains("is not an origin");
  }
}
