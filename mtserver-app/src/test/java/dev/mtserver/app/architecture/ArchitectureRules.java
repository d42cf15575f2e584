package dev.mtserver.app.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.TryCatchBlock;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.GeneralCodingRules;
import dev.mtserver.http.codec.HttpDates;
import dev.mtserver.http.codec.HttpFields;
import dev.mtserver.http.codec.HttpProtocolException;
import dev.mtserver.http.codec.HttpVersion;
import dev.mtserver.http.codec.IncompleteBodyException;
import dev.mtserver.http.codec.MalformedBodyException;
import dev.mtserver.http.codec.StatusCodes;
import java.io.File;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadFactory;

/**
 * MTServer's module boundaries as ArchUnit rules. Each field reads as a line of policy; {@link
 * ArchitectureTest} checks them against the production classes, and {@link
 * ArchitectureRulesCatchViolationsTest} proves each one fails on a deliberately bad class.
 */
final class ArchitectureRules {

  static final String DOMAIN = "dev.mtserver.domain..";
  static final String GRAMMAR = "dev.mtserver.grammar..";
  static final String THREADS = "dev.mtserver.threads..";
  static final String HTTP = "dev.mtserver.http..";
  static final String HTTP_SPI = "dev.mtserver.http.spi..";

  /** The HTTP engine: what a transport drives and any site would share. */
  static final String[] HTTP_ENGINE = {
    "dev.mtserver.http.spi..",
    "dev.mtserver.http.codec..",
    "dev.mtserver.http.target..",
    "dev.mtserver.http.memory..",
    "dev.mtserver.http.engine.."
  };

  static final String HTTP_ENGINE_LOOP = "dev.mtserver.http.engine..";
  static final String HTTP_SITE = "dev.mtserver.http.site..";
  static final String CODEC = "dev.mtserver.http.codec";
  static final String DOMAIN_PATH = "dev.mtserver.domain.path..";
  static final String TRANSPORT = "dev.mtserver.transport..";
  static final String TRANSPORT_TLS = "dev.mtserver.transport.tls..";
  static final String STORAGE = "dev.mtserver.storage..";
  static final String STORAGE_FS = "dev.mtserver.storage.fs..";
  static final String STORAGE_POSTGRES = "dev.mtserver.storage.postgres..";
  static final String STORAGE_S3 = "dev.mtserver.storage.s3..";
  static final String DYNAMIC = "dev.mtserver.dynamic..";
  static final String DYNAMIC_CGI = "dev.mtserver.dynamic.cgi..";
  static final String DYNAMIC_FASTCGI = "dev.mtserver.dynamic.fastcgi..";
  static final String AUTH = "dev.mtserver.auth..";
  static final String APP = "dev.mtserver.app..";
  static final String CLI = "dev.mtserver.app.cli..";
  static final String TRAINING = "dev.mtserver.app.training..";
  static final String ADAPTERS = "dev.mtserver.app.Adapters";

  private ArchitectureRules() {}

  static final ArchRule domain_depends_only_on_the_jdk_guava_and_the_grammar =
      classes()
          .that()
          .resideInAPackage(DOMAIN)
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(
              DOMAIN,
              GRAMMAR,
              "java..",
              "com.google.common..",
              "com.google.errorprone.annotations..")
          .because(
              "the domain is pure: it must run anywhere the JDK runs; the text grammar it shares"
                  + " with the codec (a script's CGI head) is as pure (ADR 0037)");

  static final ArchRule grammar_is_text_rules_and_nothing_else =
      classes()
          .that()
          .resideInAPackage(GRAMMAR)
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(
              GRAMMAR,
              "java.lang..",
              "java.util..",
              "java.nio",
              "java.nio.charset..",
              "com.google.common.base..")
          .because(
              "the grammar is bytes and text in, verdicts out: no I/O, no status, no domain, so the"
                  + " codec and the domain can both use it (ADR 0037)");

  static final ArchRule domain_never_touches_the_network_files_or_processes =
      noClasses()
          .that()
          .resideInAPackage(DOMAIN)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("java.net..", "java.nio.file..")
          .orShould()
          .dependOnClassesThat()
          .belongToAnyOf(File.class, ProcessBuilder.class, Process.class)
          .because("I/O belongs to adapters behind the domain's ports");

  static final ArchRule http_spi_stands_alone =
      classes()
          .that()
          .resideInAPackage(HTTP_SPI)
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(HTTP_SPI, "java..")
          .because("a transport implements the SPI without seeing the rest of the HTTP module");

  static final ArchRule http_engine_knows_only_site_paths_of_the_domain =
      noClasses()
          .that()
          .resideInAnyPackage(HTTP_ENGINE)
          .should()
          .dependOnClassesThat(
              resideInAPackage(DOMAIN).and(DescribedPredicate.not(resideInAPackage(DOMAIN_PATH))))
          .because(
              "the engine parses, frames and writes HTTP for any site: of the domain it shares only"
                  + " the SitePath a target decodes to (ADR 0036)");

  static final ArchRule http_engine_never_depends_on_the_site =
      noClasses()
          .that()
          .resideInAnyPackage(HTTP_ENGINE)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              HTTP_SITE, "dev.mtserver.http.conditional..", "dev.mtserver.http.negotiation..")
          .because(
              "the site is built on the engine, never the reverse: the engine knows no handler (ADR"
                  + " 0036)");

  /**
   * What of the codec's top package a site handler may use; its body-format sub-packages are
   * public.
   */
  private static final DescribedPredicate<JavaClass> CODEC_PUBLIC_SURFACE =
      belongToAnyOf(
          HttpFields.class,
          HttpVersion.class,
          HttpDates.class,
          StatusCodes.class,
          HttpProtocolException.class,
          MalformedBodyException.class,
          IncompleteBodyException.class);

  static final ArchRule site_uses_only_the_codecs_public_surface =
      noClasses()
          .that()
          .resideInAPackage(HTTP_SITE)
          .should()
          .dependOnClassesThat(
              resideInAPackage(CODEC)
                  .and(DescribedPredicate.not(CODEC_PUBLIC_SURFACE))
                  .as(
                      "the codec's internals (its parser, framing, body decoders, input buffer,"
                          + " head writer)"))
          .because(
              "a handler sees requests and responses; how they are parsed and written is the"
                  + " engine's (ADR 0036)");

  static final ArchRule site_calls_use_cases_not_ports_or_services =
      noClasses()
          .that()
          .resideInAPackage(HTTP_SITE)
          .should()
          .dependOnClassesThat(
              resideInAPackage(DOMAIN)
                  .and(simpleNameEndingWith("Port").or(simpleNameEndingWith("Service")))
                  .as("the domain's outbound ports or its services"))
          .because(
              "a handler maps a request to an inbound port (a use case); what stores and services"
                  + " stand behind it is the composition root's choice (ADR 0036)");

  static final ArchRule a_site_handler_calls_one_use_case =
      classes()
          .that()
          .resideInAPackage(HTTP_SITE)
          .should(callAtMostOneUseCase())
          .because(
              "when a request involves several use cases, composing them is policy, and policy"
                  + " lives in the domain (a use case built on the others), not in a handler (ADR"
                  + " 0036)");

  /**
   * Catches a file system's exception: a catch clause is recorded only in the method's exception
   * table, which plain dependency rules do not see.
   */
  private static ArchCondition<JavaClass> catchFileSystemExceptions() {
    return new ArchCondition<>("catch the file system's exceptions") {
      @Override
      public void check(JavaClass javaClass, ConditionEvents events) {
        for (JavaCodeUnit method : javaClass.getCodeUnits()) {
          for (TryCatchBlock block : method.getTryCatchBlocks()) {
            for (JavaClass caught : block.getCaughtThrowables()) {
              if (caught.getPackageName().startsWith("java.nio.file")
                  || caught.isEquivalentTo(java.io.FileNotFoundException.class)) {
                events.add(
                    SimpleConditionEvent.satisfied(
                        method, // under noClasses(): a violation
                        method.getFullName()
                            + " catches "
                            + caught.getName()
                            + " in "
                            + block.getSourceCodeLocation()));
              }
            }
          }
        }
      }
    };
  }

  /** Depends on at most one type named {@code ...UseCase}. */
  private static ArchCondition<JavaClass> callAtMostOneUseCase() {
    return new ArchCondition<>("call at most one use case") {
      @Override
      public void check(JavaClass javaClass, ConditionEvents events) {
        Set<String> useCases = new TreeSet<>();
        for (Dependency dependency : javaClass.getDirectDependenciesFromSelf()) {
          JavaClass target = dependency.getTargetClass();
          if (target.getPackageName().startsWith("dev.mtserver.domain")
              && target.getSimpleName().endsWith("UseCase")) {
            useCases.add(target.getSimpleName());
          }
        }
        if (useCases.size() > 1) {
          events.add(
              SimpleConditionEvent.violated(
                  javaClass,
                  javaClass.getName() + " calls " + useCases.size() + " use cases: " + useCases));
        }
      }
    };
  }

  static final ArchRule http_knows_no_file_system =
      noClasses()
          .that()
          .resideInAPackage(HTTP)
          .should()
          .dependOnClassesThat()
          .resideInAPackage("java.nio.file..")
          .orShould()
          .dependOnClassesThat()
          .belongToAnyOf(File.class, java.io.FileNotFoundException.class)
          .orShould(catchFileSystemExceptions())
          .because(
              "a store's failures reach the HTTP layer as the domain's (gone, refused,"
                  + " unavailable): adapters translate their own, so any store can stand behind a"
                  + " port (ADR 0036)");

  static final ArchRule transport_sees_only_the_http_spi =
      classes()
          .that()
          .resideInAPackage(TRANSPORT)
          .and()
          .resideOutsideOfPackage(TRANSPORT_TLS)
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(
              TRANSPORT,
              HTTP_SPI,
              THREADS,
              "java..",
              "javax.net.ssl..",
              "org.slf4j..",
              "com.google.common..")
          .because("swapping the transport must not mean learning the HTTP engine");

  static final ArchRule socket_transport_reaches_tls_only_through_its_entry_points =
      noClasses()
          .that()
          .resideInAPackage(TRANSPORT)
          .and()
          .resideOutsideOfPackage(TRANSPORT_TLS)
          .should()
          .dependOnClassesThat(
              DescribedPredicate.describe(
                  "TLS classes other than ServerTls and PlainHttpDetector",
                  (JavaClass c) ->
                      c.getPackageName().startsWith("dev.mtserver.transport.tls")
                          && !c.getName().startsWith("dev.mtserver.transport.tls.ServerTls")
                          && !c.getName()
                              .startsWith("dev.mtserver.transport.tls.PlainHttpDetector")))
          .because(
              "the app chooses and builds the key material; the socket transport only puts the"
                  + " ServerTls it is handed on its connections (ADR 0039)");

  static final ArchRule tls_material_knows_nothing_of_http =
      classes()
          .that()
          .resideInAPackage(TRANSPORT_TLS)
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(
              TRANSPORT_TLS,
              THREADS,
              GRAMMAR,
              "java..",
              "javax.net.ssl..",
              "javax.security.auth.x500..",
              "org.slf4j..",
              "com.google.common..",
              "org.bouncycastle..")
          .because(
              "TLS is bytes on the wire: the engine must not know them encrypted, nor TLS know"
                  + " HTTP");

  static final ArchRule auth_depends_on_the_domain_only =
      noClasses()
          .that()
          .resideInAPackage(AUTH)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(HTTP, TRANSPORT, STORAGE, DYNAMIC, APP)
          .because("a credentials adapter implements a domain port and nothing else");

  static final ArchRule bouncycastle_only_in_tls_and_auth =
      noClasses()
          .that()
          .resideOutsideOfPackages(TRANSPORT_TLS, AUTH)
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.bouncycastle..")
          .because("cryptography stays in the two adapters that need it, used as a library there");

  static final ArchRule storage_depends_on_the_domain_only =
      noClasses()
          .that()
          .resideInAPackage(STORAGE)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(HTTP, TRANSPORT, DYNAMIC, APP)
          .because("a storage adapter implements domain ports and nothing else");

  /**
   * One slice per storage adapter module: {@code dev.mtserver.storage.fs}, {@code ...postgres},
   * {@code ...s3}, ...
   */
  static final ArchRule storage_adapters_are_independent =
      slices()
          .matching("dev.mtserver.storage.(*)..")
          .should()
          .notDependOnEachOther()
          .because(
              "each storage adapter is chosen and swapped alone, by the app: what two share lives"
                  + " in the domain");

  static final ArchRule dynamic_depends_on_the_domain_only =
      noClasses()
          .that()
          .resideInAPackage(DYNAMIC)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(HTTP, TRANSPORT, STORAGE, APP)
          .because("a dynamic-content adapter implements domain ports and nothing else");

  static final ArchRule dynamic_adapters_are_independent =
      slices()
          .matching("dev.mtserver.dynamic.(*)..")
          .should()
          .notDependOnEachOther()
          .because(
              "php-cgi and php-fpm are two adapters of one port: what they share lives in the"
                  + " domain (dev.mtserver.domain.script.gateway)");

  static final ArchRule adapters_are_chosen_and_built_in_one_place =
      noClasses()
          .that()
          .resideInAPackage(APP)
          .and()
          .doNotHaveFullyQualifiedName(ADAPTERS)
          .should(buildAdapters())
          .because(
              "adding an adapter must mean its module, the poms and one place in the app: Adapters"
                  + " (ADR 0036)");

  /**
   * Calls a constructor of an adapter, or a method that returns one: a class of an adapter module
   * that implements one of the domain's ports, or drives the HTTP engine (takes its {@code
   * ConnectionHandler}).
   */
  private static ArchCondition<JavaClass> buildAdapters() {
    return new ArchCondition<>("build adapters") {
      @Override
      public void check(JavaClass javaClass, ConditionEvents events) {
        for (JavaAccess<?> access : javaClass.getAccessesFromSelf()) {
          if (!(access instanceof com.tngtech.archunit.core.domain.JavaCall<?> call)
              || call.getTargetOwner().getFullName().equals(ADAPTERS)) {
            continue; // what Adapters hands out, the rest of the app may hold
          }
          JavaClass built =
              call instanceof com.tngtech.archunit.core.domain.JavaConstructorCall
                  ? call.getTargetOwner()
                  : call.getTarget().getRawReturnType();
          if (isAdapter(built)) { // under noClasses(): a violation
            events.add(SimpleConditionEvent.satisfied(call, call.getDescription()));
          }
        }
      }
    };
  }

  private static boolean isAdapter(JavaClass type) {
    String name = type.getPackageName();
    boolean inAdapterModule =
        name.startsWith("dev.mtserver.storage")
            || name.startsWith("dev.mtserver.dynamic")
            || name.startsWith("dev.mtserver.transport")
            || name.startsWith("dev.mtserver.auth");
    if (!inAdapterModule) {
      return false;
    }
    boolean implementsPort =
        type.getAllRawInterfaces().stream()
            .anyMatch(
                i ->
                    i.getPackageName().startsWith("dev.mtserver.domain")
                        && i.getSimpleName().endsWith("Port"));
    boolean drivesTheEngine =
        type.getConstructors().stream()
            .anyMatch(
                c ->
                    c.getRawParameterTypes().stream()
                        .anyMatch(
                            p -> p.getName().equals("dev.mtserver.http.spi.ConnectionHandler")));
    return implementsPort || drivesTheEngine;
  }

  static final ArchRule layers_are_respected =
      layeredArchitecture()
          .consideringOnlyDependenciesInAnyPackage("dev.mtserver..")
          .withOptionalLayers(true)
          .layer("Grammar")
          .definedBy(GRAMMAR)
          .layer("Threads")
          .definedBy(THREADS)
          .layer("Domain")
          .definedBy(DOMAIN)
          .layer("Http")
          .definedBy(HTTP)
          .layer("Transport")
          .definedBy(TRANSPORT)
          .layer("Storage")
          .definedBy(STORAGE)
          .layer("Dynamic")
          .definedBy(DYNAMIC)
          .layer("Auth")
          .definedBy(AUTH)
          .layer("App")
          .definedBy(APP)
          .whereLayer("App")
          .mayNotBeAccessedByAnyLayer()
          .whereLayer("Transport")
          .mayOnlyBeAccessedByLayers("App")
          .whereLayer("Storage")
          .mayOnlyBeAccessedByLayers("App")
          .whereLayer("Dynamic")
          .mayOnlyBeAccessedByLayers("App")
          .whereLayer("Auth")
          .mayOnlyBeAccessedByLayers("App")
          .whereLayer("Http")
          .mayOnlyBeAccessedByLayers("Transport", "App")
          .whereLayer("Domain")
          .mayOnlyBeAccessedByLayers("Http", "Storage", "Dynamic", "Auth", "App")
          .whereLayer("Grammar")
          .mayOnlyBeAccessedByLayers("Domain", "Http", "Transport", "Auth", "App")
          .whereLayer("Threads")
          .mayOnlyBeAccessedByLayers("Transport", "Storage", "Dynamic", "Auth", "App")
          .because("only the composition root (app) may touch adapters");

  static final ArchRule no_package_cycles =
      slices().matching("dev.mtserver.(**)").should().beFreeOfCycles();

  /** Stricter than GeneralCodingRules' version, which only catches JUL loggers kept in fields. */
  static final ArchRule no_java_util_logging =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAPackage("java.util.logging..")
          .because("logs go through SLF4J");

  static final ArchRule standard_streams_only_in_the_cli =
      noClasses()
          .that()
          .resideOutsideOfPackage(CLI)
          .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
          .because("only the command line talks to the terminal; everything else logs");

  static final ArchRule sockets_only_in_the_transport =
      noClasses()
          .that()
          .resideOutsideOfPackages(TRANSPORT, DYNAMIC_FASTCGI, TRAINING)
          .should()
          .dependOnClassesThat()
          .belongToAnyOf(
              Socket.class,
              ServerSocket.class,
              DatagramSocket.class,
              SocketChannel.class,
              ServerSocketChannel.class,
              AsynchronousSocketChannel.class,
              AsynchronousServerSocketChannel.class)
          .because(
              "the transport owns every socket, but for the FastCGI client's connections to php-fpm"
                  + " (ADR 0030) and the training run's client of the start-up cache (ADR 0045)");

  static final ArchRule the_fastcgi_client_only_connects =
      noClasses()
          .that()
          .resideInAPackage(DYNAMIC_FASTCGI)
          .should()
          .dependOnClassesThat()
          .belongToAnyOf(
              Socket.class,
              ServerSocket.class,
              DatagramSocket.class,
              ServerSocketChannel.class,
              AsynchronousSocketChannel.class,
              AsynchronousServerSocketChannel.class)
          .because(
              "its one kind of socket is a SocketChannel to php-fpm: it never listens (ADR 0030)");

  /**
   * Every thread MTServer's own code starts comes from the one {@code ThreadSource} the app makes
   * and hands out (ADR 0038): a module needing threads takes it, or a {@code ThreadFactory} from
   * it, by constructor. Caught: {@code new Thread} (and subclasses), {@code Thread.ofPlatform/
   * ofVirtual/startVirtualThread}, {@code Executors} factories and thread-pool constructors that
   * would make their own threads (those handed a {@code ThreadFactory} use the source's and pass).
   *
   * <p>Not ours to create, and bounded outside this code base (named in ADR 0038): the JVM's
   * virtual-thread carriers (one per core) and common pool, the process reapers behind {@code
   * ProcessBuilder.start} (one per running php-cgi), the JVM starting the shutdown hook (whose
   * thread comes from the source); HikariCP's housekeeping (given a factory from the source); the
   * AWS SDK's timer and idle-connection reaper.
   */
  static final ArchRule threads_come_from_the_thread_source =
      noClasses()
          .that()
          .resideOutsideOfPackage(THREADS)
          .should(createThreads())
          .because(
              "one place decides how threads are made, named and what happens to what escapes them;"
                  + " the modules decide how many they need (ADR 0038)");

  private static final Set<String> THREAD_FACTORIES =
      Set.of("ofPlatform", "ofVirtual", "startVirtualThread");
  private static final Set<String> POOLS =
      Set.of(
          "java.util.concurrent.ThreadPoolExecutor",
          "java.util.concurrent.ScheduledThreadPoolExecutor",
          "java.util.concurrent.ForkJoinPool");

  /**
   * Calls a {@code Thread} constructor, {@code Thread.ofPlatform/ofVirtual}, or makes an executor
   * that creates its own threads: an {@code Executors} factory or a pool constructor without a
   * thread factory among its parameters.
   */
  private static ArchCondition<JavaClass> createThreads() {
    return new ArchCondition<>("create threads") {
      @Override
      public void check(JavaClass javaClass, ConditionEvents events) {
        // accesses include calls and method references such as Thread::new
        for (JavaAccess<?> call : javaClass.getAccessesFromSelf()) {
          JavaClass owner = call.getTargetOwner();
          String name = call.getName();
          boolean creates =
              (owner.isAssignableTo(Thread.class) && name.equals("<init>"))
                  || (owner.isEquivalentTo(Thread.class) && THREAD_FACTORIES.contains(name))
                  || (owner.getName().equals("java.util.concurrent.Executors")
                      && (name.startsWith("new") || name.endsWith("ThreadFactory"))
                      && !takesAThreadFactory(call))
                  || (POOLS.contains(owner.getName())
                      && name.equals("<init>")
                      && !takesAThreadFactory(call));
          if (creates) {
            events.add(SimpleConditionEvent.satisfied(call, call.getDescription()));
          }
        }
      }
    };
  }

  private static boolean takesAThreadFactory(JavaAccess<?> call) {
    return call.getTarget() instanceof AccessTarget.CodeUnitAccessTarget target
        && target.getRawParameterTypes().stream()
            .anyMatch(
                type ->
                    type.isAssignableTo(ThreadFactory.class)
                        || type.getName()
                            .equals(
                                "java.util.concurrent.ForkJoinPool$ForkJoinWorkerThreadFactory"));
  }
}
