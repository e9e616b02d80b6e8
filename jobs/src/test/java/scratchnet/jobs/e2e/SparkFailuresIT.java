package scratchnet.jobs.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--master foo://x                        | scratchnet: --master 'foo://x' is not a Spark master URL (local, local[N], local[*], spark://HOST:PORT, yarn, k8s://URL)",
        "--master spark://                       | scratchnet: --master 'spark://' is not a Spark master URL (local, local[N], local[*], spark://HOST:PORT, yarn, k8s://URL)",
        "--conf spark.master=locl                | scratchnet: --master 'locl' is not a Spark master URL (local, local[N], local[*], spark://HOST:PORT, yarn, k8s://URL)",
        "--executor-memory 2x                    | scratchnet: --executor-memory '2x' is not a memory size (a number with k, m, g or t, e.g. 2g)",
        "--conf spark.executor.memory=0          | scratchnet: --executor-memory must be more than 0, got '0'",
        "--driver-memory 100000g                 | scratchnet: --driver-memory 100000g is more than this machine's memory",
        "--properties-file /nonexistent.conf     | scratchnet: --properties-file /nonexistent.conf: no such file",
        "--properties-file /tmp                  | scratchnet: --properties-file /tmp: not a regular file",
        "--deploy-mode sideways                  | scratchnet: --deploy-mode 'sideways' is neither client nor cluster",
        "--executor-cores two                    | scratchnet: --executor-cores 'two' is not a count (a whole number from 1 to 999999)",
        "--conf spark.executor.cores             | scratchnet: --conf 'spark.executor.cores' is not a setting (key=value, e.g. --conf spark.executor.cores=2)",
    })
    void aSettingSparkCannotTakeIsOneLineAndExitTwoBeforeAnythingStarts(String options, String message) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(E2E.root().resolve("submit.sh").toString()));
        command.addAll(List.of(options.trim().split("\\s+")));
        command.add("evaluate");
        E2E.Result r = E2E.run("bad-setting", E2E.SUBMIT_TIMEOUT, command, NO_CDS);
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().strip().startsWith(message) && r.err().strip().lines().count() == 1, r.err());
    }

    @Test
    void yarnWithoutItsConfigurationAndKubernetesWithoutAnImageSayWhatTheyNeed() throws Exception {
        Map<String, String> env = Map.of("SCRATCHNET_CDS", "off", "SPARK_HOME", "", "HADOOP_CONF_DIR", "", "YARN_CONF_DIR", "");
        E2E.Result yarn = E2E.run("yarn", E2E.SUBMIT_TIMEOUT, List.of(E2E.root().resolve("submit.sh").toString(), "--master", "yarn", "evaluate"), env);
        assertEquals(2, yarn.code(), yarn.err());
        assertEquals("scratchnet: --master yarn needs HADOOP_CONF_DIR or YARN_CONF_DIR: the directory of the cluster's yarn-site.xml and"
                + " core-site.xml", yarn.err().strip());
        E2E.Result k8s = E2E.run("k8s", E2E.SUBMIT_TIMEOUT, List.of(E2E.root().resolve("submit.sh").toString(), "--master", "k8s://https://127.0.0.1:1",
                "--deploy-mode", "cluster", "evaluate"), env);
        assertEquals(2, k8s.code(), k8s.err());
        assertEquals("scratchnet: --master k8s://https://127.0.0.1:1 needs the image to run: --conf spark.kubernetes.container.image="
                + "REGISTRY/scratchnet:0.1.0 (mvn -Pimage package builds it; jobs/README.md)", k8s.err().strip());
    }
}
