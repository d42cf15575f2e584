package dev.mtserver.app.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Checks the production classes of every module against {@link ArchitectureRules}. */
@AnalyzeClasses(
    packages = "dev.mtserver",
    importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.NoTestJars.class})
class ArchitectureTest {

  /**
   * Leaves out the adapters' test jars ({@code *-tests.jar}: TemporaryPostgres, S3ProxyServer), on
   * the app's test class path for the multi-instance tests: test fixtures, not production classes
   * ({@link ImportOption.DoNotIncludeTests} knows only test-class directories).
   */
  static final class NoTestJars implements ImportOption {
    @Override
    public boolean includes(com.tngtech.archunit.core.importer.Location location) {
      return !location.contains("-tests.jar");
    }
  }

  @ArchTest
  static final ArchRule domain_depends_only_on_the_jdk_guava_and_the_grammar =
      ArchitectureRules.domain_depends_only_on_the_jdk_guava_and_the_grammar;

  @ArchTest
  static final ArchRule grammar_is_text_rules_and_nothing_else =
      ArchitectureRules.grammar_is_text_rules_and_nothing_else;

  @ArchTest
  static final ArchRule domain_never_touches_the_network_files_or_processes =
      ArchitectureRules.domain_never_touches_the_network_files_or_processes;

  @ArchTest static final ArchRule http_spi_stands_alone = ArchitectureRules.http_spi_stands_alone;

  @ArchTest
  static final ArchRule http_engine_knows_only_site_paths_of_the_domain =
      ArchitectureRules.http_engine_knows_only_site_paths_of_the_domain;

  @ArchTest
  static final ArchRule http_engine_never_depends_on_the_site =
      ArchitectureRules.http_engine_never_depends_on_the_site;

  @ArchTest
  static final ArchRule site_uses_only_the_codecs_public_surface =
      ArchitectureRules.site_uses_only_the_codecs_public_surface;

  @ArchTest
  static final ArchRule site_calls_use_cases_not_ports_or_services =
      ArchitectureRules.site_calls_use_cases_not_ports_or_services;

  @ArchTest
  static final ArchRule a_site_handler_calls_one_use_case =
      ArchitectureRules.a_site_handler_calls_one_use_case;

  @ArchTest
  static final ArchRule http_knows_no_file_system = ArchitectureRules.http_knows_no_file_system;

  @ArchTest
  static final ArchRule transport_sees_only_the_http_spi =
      ArchitectureRules.transport_sees_only_the_http_spi;

  @ArchTest
  static final ArchRule socket_transport_reaches_tls_only_through_its_entry_points =
      ArchitectureRules.socket_transport_reaches_tls_only_through_its_entry_points;

  @ArchTest
  static final ArchRule tls_material_knows_nothing_of_http =
      ArchitectureRules.tls_material_knows_nothing_of_http;

  @ArchTest
  static final ArchRule auth_depends_on_the_domain_only =
      ArchitectureRules.auth_depends_on_the_domain_only;

  @ArchTest
  static final ArchRule bouncycastle_only_in_tls_and_auth =
      ArchitectureRules.bouncycastle_only_in_tls_and_auth;

  @ArchTest
  static final ArchRule storage_depends_on_the_domain_only =
      ArchitectureRules.storage_depends_on_the_domain_only;

  @ArchTest
  static final ArchRule storage_adapters_are_independent =
      ArchitectureRules.storage_adapters_are_independent;

  @ArchTest
  static final ArchRule dynamic_depends_on_the_domain_only =
      ArchitectureRules.dynamic_depends_on_the_domain_only;

  @ArchTest
  static final ArchRule dynamic_adapters_are_independent =
      ArchitectureRules.dynamic_adapters_are_independent;

  @ArchTest
  static final ArchRule adapters_are_chosen_and_built_in_one_place =
      ArchitectureRules.adapters_are_chosen_and_built_in_one_place;

  @ArchTest static final ArchRule layers_are_respected = ArchitectureRules.layers_are_respected;
  @ArchTest static final ArchRule no_package_cycles = ArchitectureRules.no_package_cycles;
  @ArchTest static final ArchRule no_java_util_logging = ArchitectureRules.no_java_util_logging;

  @ArchTest
  static final ArchRule standard_streams_only_in_the_cli =
      ArchitectureRules.standard_streams_only_in_the_cli;

  @ArchTest
  static final ArchRule sockets_only_in_the_transport =
      ArchitectureRules.sockets_only_in_the_transport;

  @ArchTest
  static final ArchRule the_fastcgi_client_only_connects =
      ArchitectureRules.the_fastcgi_client_only_connects;

  @ArchTest
  static final ArchRule threads_come_from_the_thread_source =
      ArchitectureRules.threads_come_from_the_thread_source;
}
