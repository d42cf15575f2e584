package dev.mtserver.app.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.mtserver.app.archfixture.WiringBuildsAStore;
import dev.mtserver.archfixture.cycle.a.NeedsB;
import dev.mtserver.archfixture.cycle.b.NeedsA;
import dev.mtserver.auth.archfixture.AuthUsesTheHttpCodec;
import dev.mtserver.domain.archfixture.DomainLogsWithSlf4j;
import dev.mtserver.domain.archfixture.DomainOpensASocket;
import dev.mtserver.dynamic.archfixture.DynamicMakesAThreadPool;
import dev.mtserver.dynamic.archfixture.DynamicReadsTheSiteRoot;
import dev.mtserver.dynamic.fastcgi.archfixture.FastCgiBorrowsFromCgi;
import dev.mtserver.dynamic.fastcgi.archfixture.FastCgiListens;
import dev.mtserver.grammar.archfixture.GrammarKnowsTheCodec;
import dev.mtserver.http.archfixture.HttpAsksForThreads;
import dev.mtserver.http.archfixture.HttpReachesIntoStorage;
import dev.mtserver.http.archfixture.PrintsToStandardOut;
import dev.mtserver.http.archfixture.UsesJavaUtilLogging;
import dev.mtserver.http.engine.archfixture.EngineRoutesRequests;
import dev.mtserver.http.engine.archfixture.EngineServesContent;
import dev.mtserver.http.site.archfixture.SiteCatchesFileErrors;
import dev.mtserver.http.site.archfixture.SiteComposesUseCases;
import dev.mtserver.http.site.archfixture.SiteLooksIntoTheStore;
import dev.mtserver.http.site.archfixture.SiteParsesHeads;
import dev.mtserver.http.spi.archfixture.SpiUsesTheCodec;
import dev.mtserver.storage.archfixture.StorageConnectsASocket;
import dev.mtserver.storage.archfixture.StorageOpensAServerSocket;
import dev.mtserver.storage.archfixture.StorageSplitsFieldLines;
import dev.mtserver.storage.archfixture.StorageStartsAThread;
import dev.mtserver.storage.archfixture.StorageUsesBouncyCastle;
import dev.mtserver.storage.archfixture.StorageUsesHttp;
import dev.mtserver.storage.postgres.archfixture.PostgresFallsBackToTheFileLog;
import dev.mtserver.storage.s3.archfixture.ObjectStoreBorrowsFromTheFileSystem;
import dev.mtserver.transport.archfixture.TransportReachesPastTheSpi;
import dev.mtserver.transport.archfixture.TransportStartsItsOwnThread;
import dev.mtserver.transport.tls.archfixture.TlsSeesTheHttpSpi;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A rule that cannot fail protects nothing: each rule is evaluated against a deliberately bad class
 * from the {@code archfixture} test packages and must report it.
 */
class ArchitectureRulesCatchViolationsTest {

  static Stream<Arguments> rulesAndOffenders() {
    return Stream.of(
        Arguments.of(
            "domain_depends_only_on_the_jdk_guava_and_the_grammar",
            ArchitectureRules.domain_depends_only_on_the_jdk_guava_and_the_grammar,
            new Class<?>[] {DomainLogsWithSlf4j.class}),
        Arguments.of(
            "grammar_is_text_rules_and_nothing_else",
            ArchitectureRules.grammar_is_text_rules_and_nothing_else,
            new Class<?>[] {GrammarKnowsTheCodec.class}),
        Arguments.of(
            "layers_are_respected (the grammar layer)",
            ArchitectureRules.layers_are_respected,
            new Class<?>[] {StorageSplitsFieldLines.class, dev.mtserver.grammar.FieldLine.class}),
        Arguments.of(
            "domain_never_touches_the_network_files_or_processes",
            ArchitectureRules.domain_never_touches_the_network_files_or_processes,
            new Class<?>[] {DomainOpensASocket.class}),
        Arguments.of(
            "http_spi_stands_alone",
            ArchitectureRules.http_spi_stands_alone,
            new Class<?>[] {SpiUsesTheCodec.class}),
        Arguments.of(
            "http_engine_knows_only_site_paths_of_the_domain",
            ArchitectureRules.http_engine_knows_only_site_paths_of_the_domain,
            new Class<?>[] {EngineServesContent.class}),
        Arguments.of(
            "http_engine_never_depends_on_the_site",
            ArchitectureRules.http_engine_never_depends_on_the_site,
            new Class<?>[] {EngineRoutesRequests.class}),
        Arguments.of(
            "site_uses_only_the_codecs_public_surface",
            ArchitectureRules.site_uses_only_the_codecs_public_surface,
            new Class<?>[] {SiteParsesHeads.class}),
        Arguments.of(
            "site_calls_use_cases_not_ports_or_services",
            ArchitectureRules.site_calls_use_cases_not_ports_or_services,
            new Class<?>[] {SiteLooksIntoTheStore.class}),
        Arguments.of(
            "a_site_handler_calls_one_use_case",
            ArchitectureRules.a_site_handler_calls_one_use_case,
            new Class<?>[] {SiteComposesUseCases.class}),
        Arguments.of(
            "http_knows_no_file_system",
            ArchitectureRules.http_knows_no_file_system,
            new Class<?>[] {SiteCatchesFileErrors.class}),
        Arguments.of(
            "transport_sees_only_the_http_spi",
            ArchitectureRules.transport_sees_only_the_http_spi,
            new Class<?>[] {TransportReachesPastTheSpi.class}),
        Arguments.of(
            "tls_material_knows_nothing_of_http",
            ArchitectureRules.tls_material_knows_nothing_of_http,
            new Class<?>[] {TlsSeesTheHttpSpi.class}),
        Arguments.of(
            "auth_depends_on_the_domain_only",
            ArchitectureRules.auth_depends_on_the_domain_only,
            new Class<?>[] {AuthUsesTheHttpCodec.class}),
        Arguments.of(
            "bouncycastle_only_in_tls_and_auth",
            ArchitectureRules.bouncycastle_only_in_tls_and_auth,
            new Class<?>[] {StorageUsesBouncyCastle.class}),
        Arguments.of(
            "layers_are_respected (the auth layer)",
            ArchitectureRules.layers_are_respected,
            new Class<?>[] {
              AuthUsesTheHttpCodec.class, dev.mtserver.http.codec.auth.BasicCredentials.class
            }),
        Arguments.of(
            "storage_depends_on_the_domain_only",
            ArchitectureRules.storage_depends_on_the_domain_only,
            new Class<?>[] {StorageUsesHttp.class}),
        Arguments.of(
            "storage_adapters_are_independent",
            ArchitectureRules.storage_adapters_are_independent,
            new Class<?>[] {
              ObjectStoreBorrowsFromTheFileSystem.class,
              dev.mtserver.storage.fs.FileSystemUploadStore.class
            }),
        Arguments.of(
            "storage_adapters_are_independent (postgres)",
            ArchitectureRules.storage_adapters_are_independent,
            new Class<?>[] {
              PostgresFallsBackToTheFileLog.class,
              dev.mtserver.storage.fs.JsonLinesSubmissionLog.class
            }),
        Arguments.of(
            "dynamic_depends_on_the_domain_only",
            ArchitectureRules.dynamic_depends_on_the_domain_only,
            new Class<?>[] {DynamicReadsTheSiteRoot.class}),
        Arguments.of(
            "dynamic_adapters_are_independent",
            ArchitectureRules.dynamic_adapters_are_independent,
            new Class<?>[] {
              FastCgiBorrowsFromCgi.class, dev.mtserver.dynamic.cgi.Executables.class
            }),
        Arguments.of(
            "adapters_are_chosen_and_built_in_one_place",
            ArchitectureRules.adapters_are_chosen_and_built_in_one_place,
            new Class<?>[] {WiringBuildsAStore.class}),
        Arguments.of(
            "layers_are_respected",
            ArchitectureRules.layers_are_respected,
            new Class<?>[] {HttpReachesIntoStorage.class, dev.mtserver.storage.fs.SiteRoot.class}),
        Arguments.of(
            "layers_are_respected (the dynamic layer)",
            ArchitectureRules.layers_are_respected,
            new Class<?>[] {DynamicReadsTheSiteRoot.class, dev.mtserver.storage.fs.SiteRoot.class}),
        Arguments.of(
            "no_package_cycles",
            ArchitectureRules.no_package_cycles,
            new Class<?>[] {NeedsA.class, NeedsB.class}),
        Arguments.of(
            "no_java_util_logging",
            ArchitectureRules.no_java_util_logging,
            new Class<?>[] {UsesJavaUtilLogging.class}),
        Arguments.of(
            "standard_streams_only_in_the_cli",
            ArchitectureRules.standard_streams_only_in_the_cli,
            new Class<?>[] {PrintsToStandardOut.class}),
        Arguments.of(
            "sockets_only_in_the_transport",
            ArchitectureRules.sockets_only_in_the_transport,
            new Class<?>[] {StorageOpensAServerSocket.class}),
        Arguments.of(
            "sockets_only_in_the_transport (a client socket)",
            ArchitectureRules.sockets_only_in_the_transport,
            new Class<?>[] {StorageConnectsASocket.class}),
        Arguments.of(
            "the_fastcgi_client_only_connects",
            ArchitectureRules.the_fastcgi_client_only_connects,
            new Class<?>[] {FastCgiListens.class}),
        Arguments.of(
            "threads_come_from_the_thread_source",
            ArchitectureRules.threads_come_from_the_thread_source,
            new Class<?>[] {StorageStartsAThread.class}),
        Arguments.of(
            "threads_come_from_the_thread_source (an executor making its own)",
            ArchitectureRules.threads_come_from_the_thread_source,
            new Class<?>[] {DynamicMakesAThreadPool.class}),
        Arguments.of(
            "threads_come_from_the_thread_source (the transport too)",
            ArchitectureRules.threads_come_from_the_thread_source,
            new Class<?>[] {TransportStartsItsOwnThread.class}),
        Arguments.of(
            "layers_are_respected (the threads layer)",
            ArchitectureRules.layers_are_respected,
            new Class<?>[] {HttpAsksForThreads.class, dev.mtserver.threads.ThreadSource.class}));
  }

  @ParameterizedTest(name = "{0} catches a deliberate violation")
  @MethodSource("rulesAndOffenders")
  void rule_reports_the_bad_class(String name, ArchRule rule, Class<?>[] offenders) {
    JavaClasses classes = new ClassFileImporter().importClasses(offenders);

    EvaluationResult result = rule.evaluate(classes);

    assertThat(result.hasViolation()).as(name).isTrue();
    assertThat(result.getFailureReport().getDetails())
        .anySatisfy(line -> assertThat(line).contains(offenders[0].getSimpleName()));
  }
}
