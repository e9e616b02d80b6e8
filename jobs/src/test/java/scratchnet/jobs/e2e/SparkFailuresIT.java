package scratchnet.jobs.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Spark's failures through a real {@code spark-submit}: one line on stderr naming the setting, no
 * stack trace, within a bounded time; exit 1 for an unreachable cluster, 2 for a setting Spark
 * cannot start with.
 */
@Tag("e2e")
class SparkFailuresIT {
    private static final Map<String, String> NO_CDS = Map.of("SCRATCHNET_CDS", "off");

    @Test
    void anUnreachableMasterIsOneLineAndExitOneWithinThirtySeconds() throws Exception {
        long start = System.nanoTime();
        E2E.Result r = E2E.run("unreachable-master", E2E.SUBMIT_TIMEOUT, E2E.submit("spark://127.0.0.1:1", List.of(), "evaluate"), NO_CDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        E2E.figure("unreachable master: exit " + r.code() + " after " + String.format(java.util.Locale.ROOT, "%.1f", seconds) + " s");
        assertEquals(1, r.code(), r.err());
        assertTrue(seconds <= 30, "took " + seconds + " s");
        List<String> ours = r.err().lines().filter(l -> l.startsWith("scratchnet: ")).toList();
        assertEquals(List.of("scratchnet: no Spark master answered at spark://127.0.0.1:1 within 20 s (the cluster is unreachable or has"
                + " no room for this application; --conf spark.scratchnet.startTimeout=120s waits longer)"), ours, r.err());
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), r.err());
    }

    @Test
    void localWithNoThreadsIsABadSettingInOneLine() throws Exception {
        E2E.Result r = E2E.run("local-0", E2E.SUBMIT_TIMEOUT, E2E.submit("local[0]", List.of(), "evaluate"), NO_CDS);
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().lines().anyMatch("scratchnet: Spark cannot start with master local[0]: Asked to run locally with 0 threads"::equals),
                r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }
}
