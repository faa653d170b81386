package io.processguard;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The rules in STYLE.md that the build enforces. */
class ArchitectureTest {
  private static final JavaClasses CORE = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.processguard");

  @Test
  void packages_haveNoCycles() {
    slices().matching("io.processguard.(*)..").should().beFreeOfCycles().check(CORE);
  }

  @Test
  void core_neverImportsSpring() {
    noClasses().should().dependOnClassesThat().resideInAPackage("org.springframework..").check(CORE);
  }

  @Test
  void onlyTheMetricsPackage_importsMicrometer() {
    noClasses().that().resideOutsideOfPackage("io.processguard.metrics..")
        .should().dependOnClassesThat().resideInAPackage("io.micrometer..")
        .check(CORE);
  }

  @Test
  void apiPackages_neverImportInternal() {
    noClasses().that().resideInAPackage("io.processguard.(*)..")
        .and().resideOutsideOfPackage("io.processguard.internal..")
        .should().dependOnClassesThat().resideInAPackage("io.processguard.internal..")
        .check(CORE);
  }
}
