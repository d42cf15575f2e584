package dev.mtserver.app.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The layered rule allows empty layers, so a module missing from this module's classpath would pass
 * it unseen: every layer, and each storage adapter the independence rule compares, must hold
 * production classes here.
 */
class ArchitectureSeesEveryModuleTest {

  private static final JavaClasses PRODUCTION =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.mtserver");

  @ParameterizedTest(name = "{0} is checked")
  @ValueSource(
      strings = {
        ArchitectureRules.DOMAIN,
        ArchitectureRules.GRAMMAR,
        ArchitectureRules.THREADS,
        ArchitectureRules.HTTP,
        ArchitectureRules.HTTP_SPI,
        ArchitectureRules.HTTP_ENGINE_LOOP,
        ArchitectureRules.HTTP_SITE,
        ArchitectureRules.TRANSPORT,
        ArchitectureRules.TRANSPORT_TLS,
        ArchitectureRules.STORAGE,
        ArchitectureRules.STORAGE_FS,
        ArchitectureRules.STORAGE_POSTGRES,
        ArchitectureRules.STORAGE_S3,
        ArchitectureRules.DYNAMIC,
        ArchitectureRules.DYNAMIC_CGI,
        ArchitectureRules.DYNAMIC_FASTCGI,
        ArchitectureRules.AUTH,
        ArchitectureRules.APP
      })
  void every_layer_has_production_classes_on_the_classpath(String layer) {
    String prefix = layer.substring(0, layer.length() - 2);

    assertThat(PRODUCTION.stream().map(c -> c.getPackageName()))
        .anySatisfy(
            name -> assertThat(name.equals(prefix) || name.startsWith(prefix + ".")).isTrue());
  }
}
