package scratchnet.jobs.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import scratchnet.core.TestData;

/**
 * The standalone cluster's cluster deploy mode ({@code submit.sh --master spark://… --deploy-mode
 * cluster}): a Worker runs the driver, and the Master records how it ended. A good run ends FINISHED
 * (the driver returns from {@code main}); bad input ends FAILED, the driver's one line in its stderr.
 * Spark's submission client exits 0 whatever the driver's state (it is Spark's own client here, as
 * jobs/README.md says), so the state is read from the Master.
 */
@Tag("e2e")
@ExtendWith(E2EResources.class)
class StandaloneDeployModeIT {
    private static StandaloneCluster cluster;

    @BeforeAll
    static void cluster(StandaloneCluster started) {
        cluster = started;
    }

    /** Submits in cluster deploy mode, waiting for the driver's end, and returns the Master's record of the new driver. */
    private static JsonNode submitAndAwaitTheDriver(String name, String... args) throws Exception {
        Set<String> before = drivers();
        E2E.Result r = E2E.run(name, E2E.SUBMIT_TIMEOUT.plusSeconds(30), E2E.submit(cluster.masterUrl(),
                List.of("--deploy-mode", "cluster", "--conf", "spark.standalone.submit.waitAppCompletion=true",
                        // a Worker here has 1g: the driver takes one Worker, the executor the other
                        "--driver-memory", "1g"), args));
        assertEquals(0, r.code(), r.err());
        for (JsonNode d : cluster.masterState().get("completeddrivers")) {
            if (!before.contains(d.get("id").asText())) {
                E2E.figure(String.format(Locale.ROOT, "standalone cluster deploy mode, %s: driver %s %s, %.1f s from submit to exit",
                        name, d.get("id").asText(), d.get("state").asText(), r.seconds()));
                return d;
            }
        }
        throw new AssertionError("the Master records no new completed driver after " + name + ": " + cluster.masterState());
    }

    private static Set<String> drivers() throws Exception {
        Set<String> ids = new HashSet<>();
        JsonNode state = cluster.masterState();
        List<JsonNode> all = new ArrayList<>();
        state.get("activedrivers").forEach(all::add);
        state.get("completeddrivers").forEach(all::add);
        all.forEach(d -> ids.add(d.get("id").asText()));
        return ids;
    }

    @Test
    void aGoodRunEndsFinishedAndABadDataDirectoryFailedWithItsLine() throws Exception {
        String weights = TestData.sampleWeights().toString();
        JsonNode good = submitAndAwaitTheDriver("standalone-cluster-mode", "evaluate", "--weights", weights, "--data", TestData.mnistDir().toString());
        assertEquals("FINISHED", good.get("state").asText(), good.toString());
        String out = Files.readString(cluster.driverFile(good.get("id").asText(), "stdout"));
        assertEquals("Accuracy:0.9352", out.lines().findFirst().orElse(""), out);

        String missing = E2E.dir().resolve("no-such-mnist").toString();
        JsonNode bad = submitAndAwaitTheDriver("standalone-cluster-mode-bad-data", "evaluate", "--weights", weights, "--data", missing);
        assertEquals("FAILED", bad.get("state").asText(), bad.toString());
        String err = Files.readString(cluster.driverFile(bad.get("id").asText(), "stderr"));
        List<String> lines = err.lines().filter(l -> l.startsWith("scratchnet: ")).toList();
        assertEquals(1, lines.size(), err);
        assertTrue(lines.get(0).endsWith(missing + ": no such directory (--data names the directory of the four IDX files)"), err);
        assertFalse(err.contains("\tat "), err);
        assertTrue(Files.readString(cluster.driverFile(bad.get("id").asText(), "stdout")).isBlank());
    }
}
