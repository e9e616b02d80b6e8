package scratchnet.jobs;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The packages depend on each other in one direction only: a cycle between two packages (say
 * {@code spark} naming a training class, or {@code report} throwing {@code cli}'s exception) fails
 * the build. Each package of {@code core} and {@code jobs} is its own slice, so {@code training}
 * and {@code training.sync} count as two.
 */
class PackageCyclesTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar")) // core's test helpers, in its test jar
            .importPackages("scratchnet");

    @Test
    void noCycleBetweenPackages() {
        slices().matching("scratchnet.(**)").should().beFreeOfCycles().check(MAIN);
    }
}
