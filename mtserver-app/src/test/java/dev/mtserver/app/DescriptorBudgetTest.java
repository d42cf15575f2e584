package dev.mtserver.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.UnixOperatingSystemMXBean;
import dev.mtserver.app.ServerSettings.ScriptSettings;
import dev.mtserver.dynamic.fastcgi.FastCgiAddress;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class DescriptorBudgetTest {

  /** Platform threads, whose default ceiling (1024 connections) the arithmetic below uses. */
  private final ServerSettings defaults =
      ServerSettings.forRoot(Path.of("public"), Path.of("data")).toBuilder()
          .transport(t -> t.threadMode(dev.mtserver.transport.socket.ThreadMode.PLATFORM))
          .build();

  @Test
  void the_default_virtual_threads_count_their_default_ceiling_of_4096_connections() {
    ServerSettings out = ServerSettings.forRoot(Path.of("public"), Path.of("data"));
    assertThat(DescriptorBudget.worstCase(out)).isEqualTo(2 * 4096 + 64 + 256 + 64);
  }

  @Test
  void two_per_connection_two_per_script_the_kept_open_files_and_a_reserve() {
    assertThat(DescriptorBudget.worstCase(defaults)).isEqualTo(2 * 1024 + 64 + 256 + 64);
    ServerSettings withScripts =
        defaults.toBuilder().scripts(ScriptSettings.using(Path.of("/usr/bin/php-cgi"))).build();
    assertThat(DescriptorBudget.worstCase(withScripts))
        .isEqualTo(2 * 1024 + 2 * 16 + 64 + 256 + 64);
  }

  @Test
  void three_per_php_fpm_connection() {
    ServerSettings withFpm =
        defaults.toBuilder()
            .scripts(
                ScriptSettings.usingPhpFpm(FastCgiAddress.parse("unix:/run/php/fpm.sock"))
                    .withFpmConnections(10))
            .build();
    assertThat(DescriptorBudget.worstCase(withFpm)).isEqualTo(2 * 1024 + 3 * 10 + 64 + 256 + 64);
    assertThat(DescriptorBudget.shortfall(withFpm, OptionalLong.of(1024)))
        .hasValueSatisfying(
            warning ->
                assertThat(warning)
                    .contains("3 per php-fpm connection x --php-fpm-connections 10"));
  }

  @Test
  void the_documented_systemd_limit_covers_ten_thousand_virtual_connections() {
    ServerSettings virtual =
        defaults.toBuilder()
            .transport(
                t ->
                    t.threadMode(dev.mtserver.transport.socket.ThreadMode.VIRTUAL)
                        .maxConnections(10_000))
            .scripts(ScriptSettings.using(Path.of("/usr/bin/php-cgi")))
            .build();

    assertThat(DescriptorBudget.shortfall(virtual, OptionalLong.of(65_536))).isEmpty();
  }

  @Test
  void the_soft_open_files_limit_is_read_from_a_linux_limits_file() {
    List<String> limits =
        List.of(
            "Limit                     Soft Limit           Hard Limit           Units     ",
            "Max processes             95830                95830                processes ",
            "Max open files            1024                 524288               files     ",
            "Max locked memory         8388608              8388608              bytes     ");

    assertThat(DescriptorBudget.openFilesLimit(limits)).hasValue(1024);
    assertThat(
            DescriptorBudget.openFilesLimit(
                List.of(
                    "Max open files            unlimited            unlimited            files")))
        .hasValue(Long.MAX_VALUE);
    assertThat(DescriptorBudget.openFilesLimit(List.of("Max processes  10  10  processes")))
        .isEmpty();
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void the_process_limit_is_the_one_the_jvm_reports() {
    UnixOperatingSystemMXBean os =
        (UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    assertThat(DescriptorBudget.processLimit()).hasValue(os.getMaxFileDescriptorCount());
  }

  @Test
  void a_limit_below_the_worst_case_is_explained_with_its_arithmetic() {
    assertThat(DescriptorBudget.shortfall(defaults, OptionalLong.of(1024)))
        .hasValueSatisfying(
            warning ->
                assertThat(warning)
                    .contains(
                        "1024",
                        "2432",
                        "256 kept-open files",
                        "2 per connection x --max-connections 1024",
                        "LimitNOFILE"));
    assertThat(DescriptorBudget.shortfall(defaults, OptionalLong.of(2432))).isEmpty();
    assertThat(DescriptorBudget.shortfall(defaults, OptionalLong.empty())).isEmpty();
  }
}
