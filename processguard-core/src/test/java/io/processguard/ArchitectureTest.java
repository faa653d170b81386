package io.processguard;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/** The rules in STYLE.md that the build enforces. */
class ArchitectureTest {
  private static final JavaClasses CORE = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.processguard");

  private static void assertNoViolation(ArchRule rule) {
    EvaluationResult result = rule.evaluate(CORE);
    assertThat(result.hasViolation()).as(result.getFailureReport().toString()).isFalse();
  }

  @Test
  void packages_haveNoCycles() {
    assertNoViolation(slices().matching("io.processguard.(*)..").should().beFreeOfCycles().allowEmptyShould(false));
  }

  @Test
  void core_neverImportsSpring() {
    assertNoViolation(noClasses().should().dependOnClassesThat().resideInAPackage("org.springframework..").allowEmptyShould(false));
  }

  @Test
  void onlyTheMetricsPackage_importsMicrometer() {
    assertNoViolation(noClasses().that().resideOutsideOfPackage("io.processguard.metrics..")
        .should().dependOnClassesThat().resideInAPackage("io.micrometer..")
        .allowEmptyShould(false));
  }

  @Test
  void apiPackages_neverImportInternal() {
    assertNoViolation(noClasses().that().resideInAPackage("io.processguard.(*)..")
        .and().resideOutsideOfPackage("io.processguard.internal..")
        .should().dependOnClassesThat().resideInAPackage("io.processguard.internal..")
        .allowEmptyShould(false));
  }
}
