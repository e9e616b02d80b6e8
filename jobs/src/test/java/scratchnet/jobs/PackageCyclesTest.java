package scratchnet.jobs;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/**
 * The packages depend on each other in one direction only: a cycle between two packages (say
 * {@code spark} naming a training class, or {@code report} throwing {@code cli}'s exception) fails
 * the build. Each package of {@code core} and {@code jobs} is its own slice, so {@code training}
 * and {@code training.sync} count as two.
 */
class PackageCyclesTest {
    /** The two modules' main classes, read from their build directories (not by scanning every jar of the class path). */
    private static final JavaClasses MAIN = new ClassFileImporter()
            .importPaths(Path.of("target/classes"), Path.of("../core/target/classes"));

    @Test
    void noCycleBetweenPackages() {
        assertTrue(MAIN.contain("scratchnet.jobs.cli.Main") && MAIN.contain("scratchnet.core.net.Network"), "both modules imported");
        slices().matching("scratchnet.(**)").should().beFreeOfCycles().check(MAIN);
    }
}
