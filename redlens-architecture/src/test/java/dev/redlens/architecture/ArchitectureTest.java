package dev.redlens.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.redlens.core.RedlensSemconv;
import dev.redlens.core.TelemetrySnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module and package structure, checked over the main classes of every module (this module
 * depends on all of them): no module uses another module's {@code internal} packages, and no two
 * packages depend on each other, directly or through others.
 */
class ArchitectureTest {

  /** {@code dev.redlens.<module>} and the rest of the package. */
  private static final Pattern MODULE = Pattern.compile("dev\\.redlens\\.([^.]+)(\\..*)?");

  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.redlens");
  }

  @Test
  void everyModuleIsImported() {
    assertThat(classes.stream().map(c -> module(c.getPackageName())).distinct())
        .contains(
            "core", "lettuce", "jedis", "info", "project", "testing", "conformance", "service");
  }

  @Test
  void noModuleUsesAnotherModulesInternals() {
    ArchRule rule =
        classes()
            .that()
            .resideInAPackage("dev.redlens..")
            .should(useNoInternalsOfOtherModules())
            .because("a module's internal packages are not an API (DESIGN.md: one job, one place)");
    assertNoViolations(rule.evaluate(classes), KnownViolations.INTERNAL_IMPORTS);
  }

  @Test
  void packagesAreFreeOfCycles() {
    ArchRule rule =
        slices()
            .matching("dev.redlens.(**)")
            .should()
            .beFreeOfCycles()
            // the vocabulary and the snapshot value type of the facade package are leaves that
            // every
            // layer of core uses (see leavesOfTheFacadeDependOnNoOtherRedlensPackage)
            .ignoreDependency(
                DescribedPredicate.alwaysTrue(),
                JavaClass.Predicates.belongToAnyOf(RedlensSemconv.class, TelemetrySnapshot.class));
    assertNoViolations(rule.evaluate(classes), KnownViolations.CYCLES);
  }

  @Test
  void leavesOfTheFacadeDependOnNoOtherRedlensPackage() {
    classes()
        .that()
        .belongToAnyOf(RedlensSemconv.class, TelemetrySnapshot.class)
        .should()
        .onlyDependOnClassesThat(
            JavaClass.Predicates.resideOutsideOfPackage("dev.redlens..")
                .or(JavaClass.Predicates.resideInAPackage("dev.redlens.core.catalog"))
                .or(
                    JavaClass.Predicates.belongToAnyOf(
                        RedlensSemconv.class, TelemetrySnapshot.class)))
        .check(classes);
  }

  private static ArchCondition<JavaClass> useNoInternalsOfOtherModules() {
    return new ArchCondition<>("use no internal package of another module") {
      @Override
      public void check(JavaClass origin, ConditionEvents events) {
        String originModule = module(origin.getPackageName());
        for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
          String target = dependency.getTargetClass().getPackageName();
          String targetModule = module(target);
          if (targetModule != null
              && !targetModule.equals(originModule)
              && (target + '.').contains(".internal.")) {
            events.add(
                SimpleConditionEvent.violated(
                    dependency,
                    origin.getPackageName()
                        + " -> "
                        + target
                        + ": "
                        + dependency.getDescription()));
          }
        }
      }
    };
  }

  /**
   * The module of a Redlens package ({@code core} for {@code dev.redlens.core.pool}), else null.
   */
  static String module(String packageName) {
    Matcher matcher = MODULE.matcher(packageName);
    return matcher.matches() ? matcher.group(1) : null;
  }

  /**
   * Fails on every violation that no known entry allows, and on every known entry that no longer
   * occurs (so that the list only shrinks).
   */
  private static void assertNoViolations(EvaluationResult result, Map<String, String> known) {
    List<String> unexpected = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    for (String details : result.getFailureReport().getDetails()) {
      String violation = details.replaceAll("\\s+", " ");
      String allowedBy =
          known.keySet().stream().filter(violation::contains).findFirst().orElse(null);
      if (allowedBy == null) {
        unexpected.add(details);
      } else {
        seen.add(allowedBy);
      }
    }
    List<String> stale = new ArrayList<>(known.keySet());
    stale.removeAll(seen);
    assertThat(unexpected).as("violations (%s)", result.getFailureReport()).isEmpty();
    assertThat(stale)
        .as("known violations that are fixed now: remove them from KnownViolations")
        .isEmpty();
  }
}
