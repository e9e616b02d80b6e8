package scratchnet.jobs.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code submit.sh} finds the command without a list of them: the first argument that is neither
 * a spark-submit option nor its value. An option's value that is a command's name stays the value,
 * and help before any command is the application's.
 */
@Tag("e2e")
class SubmitArgumentsIT {
    private static final Map<String, String> NO_CDS = Map.of("SCRATCHNET_CDS", "off");

    @Test
    void aValueNamedLikeACommandIsPassedThroughToSparkSubmit() throws Exception {
        E2E.Result help = E2E.run("args-name-train", E2E.SUBMIT_TIMEOUT,
                E2E.submit("local[1]", List.of("--name", "train", "-c", "spark.app.name=help", "--verbose"), "evaluate", "--help"), NO_CDS);
        assertEquals(0, help.code(), help.err());
        // had "train", "help" or "evaluate" been taken for the command (or --verbose for an option with a value), this would be another usage
        assertTrue(help.out().startsWith("Usage: submit.sh evaluate "), help.out());

        E2E.Result typo = E2E.run("args-typo", E2E.SUBMIT_TIMEOUT,
                E2E.submit("local[1]", List.of("--name", "evaluate"), "evaluate", "--bach-size", "5"), NO_CDS);
        assertEquals(2, typo.code(), typo.err());
        assertTrue(typo.err().lines().anyMatch("scratchnet: evaluate: unknown option --bach-size (did you mean --batch-size?)"::equals),
                typo.err());
    }

    @Test
    void helpBeforeAnyCommandIsTheApplicationsAndNoCommandIsExitTwo() throws Exception {
        E2E.Result help = E2E.run("args-help", E2E.SUBMIT_TIMEOUT, E2E.submit("local[1]", List.of(), "--help"), NO_CDS);
        assertEquals(0, help.code(), help.err());
        assertTrue(help.out().startsWith("Usage: submit.sh [spark-submit options] COMMAND [options]"), help.out());
        assertTrue(help.out().contains("Commands:"), help.out());

        E2E.Result none = E2E.run("args-none", E2E.SUBMIT_TIMEOUT, E2E.submit("local[1]", List.of()), NO_CDS);
        assertEquals(2, none.code(), none.err());
        assertEquals(help.out(), none.out());
    }
}
