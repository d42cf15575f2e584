package dev.mtserver.auth.htpasswd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.auth.htpasswd.HtpasswdCredentials.Outcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtpasswdCredentialsTest {

  @TempDir Path dir;

  Path file() {
    return dir.resolve("users");
  }

  static String bcrypt(String password, int cost) {
    return OpenBSDBCrypt.generate("2y", password.toCharArray(), new byte[16], cost);
  }

  @Test
  void an_unknown_user_is_checked_against_a_decoy_of_the_files_cost() throws Exception {
    Files.writeString(
        file(), "a:" + bcrypt("x", 6) + "\nb:" + bcrypt("y", 6) + "\nc:" + bcrypt("z", 4) + "\n");

    HtpasswdFile users = HtpasswdFile.parse(Files.readAllBytes(file()), file().toString());

    assertThat(users.hashFor("nobody")).isSameAs(users.decoy());
    assertThat(users.decoy().cost()).isEqualTo("bcrypt cost 6");
    assertThat(users.decoy().matches("x".toCharArray())).isFalse();
  }

  @Test
  void the_decoy_of_a_sha_crypt_file_has_its_rounds() throws Exception {
    Files.writeString(file(), "a:" + Tools.htpasswdHash("x", "-5", "-r", "7000") + "\n");

    HtpasswdFile users = HtpasswdFile.parse(Files.readAllBytes(file()), file().toString());

    assertThat(users.decoy().cost()).isEqualTo("SHA512-crypt rounds 7000");
    assertThat(users.decoy().matches("x".toCharArray())).isFalse();
  }

  @Test
  void a_changed_file_is_used_after_a_re_read() throws Exception {
    Files.writeString(file(), "alice:" + bcrypt("one", 4) + "\n");
    HtpasswdCredentials credentials = HtpasswdCredentials.load(file());

    Tools.htpasswd(file(), "bob", "two", false, "-B");

    assertThat(credentials.check("bob", "two".toCharArray())).isFalse();
    assertThat(credentials.reloadNow()).isEqualTo(Outcome.RELOADED);
    assertThat(credentials.check("bob", "two".toCharArray())).isTrue();
    assertThat(credentials.check("alice", "one".toCharArray())).isTrue();
    assertThat(credentials.reloadNow()).isEqualTo(Outcome.UNCHANGED);
  }

  @Test
  void a_refused_new_version_is_logged_once_and_the_old_users_stay() throws Exception {
    Files.writeString(file(), "alice:" + bcrypt("one", 4) + "\n");
    HtpasswdCredentials credentials = HtpasswdCredentials.load(file());

    try (LogCapture log = new LogCapture()) {
      Tools.htpasswd(file(), "bob", "two", false, "-m");

      assertThat(credentials.reloadNow()).isEqualTo(Outcome.REFUSED);
      assertThat(credentials.reloadNow()).isEqualTo(Outcome.UNCHANGED);
      assertThat(credentials.check("alice", "one".toCharArray())).isTrue();
      assertThat(credentials.check("bob", "two".toCharArray())).isFalse();
      assertThat(log.containing("Password file not re-read"))
          .singleElement()
          .asString()
          .startsWith("WARN ")
          .contains("still using the version read before (1 users)")
          .contains("line 2 (user 'bob')", "htpasswd -B " + file() + " bob")
          .doesNotContain("two");
    }
  }

  @Test
  void a_vanished_file_keeps_the_users_and_is_logged_once() throws Exception {
    Files.writeString(file(), "alice:" + bcrypt("one", 4) + "\n");
    HtpasswdCredentials credentials = HtpasswdCredentials.load(file());

    try (LogCapture log = new LogCapture()) {
      Files.delete(file());

      assertThat(credentials.reloadNow()).isEqualTo(Outcome.REFUSED);
      assertThat(credentials.reloadNow()).isEqualTo(Outcome.REFUSED);
      assertThat(credentials.check("alice", "one".toCharArray())).isTrue();
      assertThat(log.containing("Password file not re-read")).hasSize(1);
    }
  }

  @Test
  void a_link_moved_to_a_new_file_is_followed() throws Exception {
    Path v1 = Files.writeString(dir.resolve("users.v1"), "alice:" + bcrypt("one", 4) + "\n");
    Path v2 = Files.writeString(dir.resolve("users.v2"), "alice:" + bcrypt("new", 4) + "\n");
    Path link = Files.createSymbolicLink(file(), v1.getFileName());
    HtpasswdCredentials credentials = HtpasswdCredentials.load(link);

    Path fresh = Files.createSymbolicLink(dir.resolve("users.tmp"), v2.getFileName());
    Files.move(fresh, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

    assertThat(credentials.reloadNow()).isEqualTo(Outcome.RELOADED);
    assertThat(credentials.check("alice", "new".toCharArray())).isTrue();
  }

  @Test
  void the_watcher_runs_on_a_thread_from_the_given_factory() throws Exception {
    Files.writeString(file(), "alice:" + bcrypt("one", 4) + "\n");
    List<Thread> made = new CopyOnWriteArrayList<>();
    ThreadFactory factory =
        runnable -> {
          Thread thread =
              Thread.ofPlatform().name("test-htpasswd").daemon(true).unstarted(runnable);
          made.add(thread);
          return thread;
        };
    HtpasswdCredentials credentials = HtpasswdCredentials.load(file());
    credentials.start(factory, Duration.ofMillis(50));
    try {
      Files.writeString(file(), "alice:" + bcrypt("two", 4) + "\n", StandardCharsets.UTF_8);

      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!credentials.check("alice", "two".toCharArray()) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(credentials.check("alice", "two".toCharArray())).isTrue();
      assertThat(made).singleElement().matches(Thread::isAlive);
    } finally {
      credentials.close();
    }
    assertThat(made.get(0).isAlive()).isFalse();
  }
}
