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
import dev.redlens.spring.RedlensSpringSemconv;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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

  /**
   * The vocabularies ({@code RedlensSemconv}, the starter's {@code RedlensSpringSemconv}) and the
   * snapshot value type of the facade packages: leaves that every layer uses, so dependencies on
   * them make no cycle (checked by {@link #leavesOfTheFacadeDependOnNoOtherRedlensPackage}).
   */
  private static final Class<?>[] LEAF_CLASSES = {
    RedlensSemconv.class, TelemetrySnapshot.class, RedlensSpringSemconv.class
  };

  private static final DescribedPredicate<JavaClass> LEAVES =
      JavaClass.Predicates.belongToAnyOf(LEAF_CLASSES);

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
            "launcher",
            "testing",
            "core",
            "conformance",
            "lettuce",
            "jedis",
            "info",
            "project",
            "spring",
            "benchmarks",
            "service");
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
    List<String> unexpected = new ArrayList<>();
    Set<String> seen = new TreeSet<>();
    for (PackageCycles.Cycle cycle : new PackageCycles(classes, LEAVES).find()) {
      if (KnownViolations.CYCLES.containsKey(cycle.key())) {
        seen.add(cycle.key());
      } else {
        unexpected.add(cycle.toString());
      }
    }
    // ArchUnit's own rule as well: its report names each elementary cycle with every dependency
    EvaluationResult archUnit =
        slices()
            .matching("dev.redlens.(**)")
            .should()
            .beFreeOfCycles()
            .ignoreDependency(DescribedPredicate.alwaysTrue(), LEAVES)
            .evaluate(classes);
    for (String cycle : archUnit.getFailureReport().getDetails()) {
      if (!insideKnownCycle(cycle)) {
        unexpected.add(cycle);
      }
    }
    assertThat(unexpected).as("package cycles").isEmpty();
    assertThat(difference(KnownViolations.CYCLES.keySet(), seen))
        .as("known package cycles that are gone now: remove them from KnownViolations")
        .isEmpty();
  }

  /** Whether every slice of an ArchUnit cycle report lies in one known cycle. */
  private static boolean insideKnownCycle(String archUnitCycle) {
    String header = archUnitCycle.split("1\\. Dependencies", 2)[0];
    Set<String> packages = new TreeSet<>();
    Matcher slice = Pattern.compile("Slice ([\\w.]+)").matcher(header);
    while (slice.find()) {
      packages.add(slice.group(1));
    }
    return KnownViolations.CYCLES.keySet().stream()
        .anyMatch(known -> Set.of(known.split(" <-> ")).containsAll(packages));
  }

  @Test
  void leavesOfTheFacadeDependOnNoOtherRedlensPackage() {
    classes()
        .that()
        .belongToAnyOf(LEAF_CLASSES)
        .should()
        .onlyDependOnClassesThat(
            JavaClass.Predicates.resideOutsideOfPackage("dev.redlens..")
                .or(JavaClass.Predicates.resideInAPackage("dev.redlens.core.catalog"))
                .or(JavaClass.Predicates.belongToAnyOf(LEAF_CLASSES)))
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
    Set<String> seen = new TreeSet<>();
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
    assertThat(unexpected).as("violations").isEmpty();
    assertThat(difference(known.keySet(), seen))
        .as("known violations that are fixed now: remove them from KnownViolations")
        .isEmpty();
  }

  private static List<String> difference(Set<String> all, Set<String> seen) {
    List<String> rest = new ArrayList<>(all);
    rest.removeAll(seen);
    return rest;
  }
}
