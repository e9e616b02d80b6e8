package scratchnet.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import scratchnet.core.TestData;

/**
 * {@code submit.sh --master spark://…} on a real standalone cluster (a Master and two one-core
 * Workers, separate JVMs): the book's accuracy, also when an executor JVM is killed mid-job.
 */
@Tag("e2e")
@ExtendWith(E2EResources.class)
class StandaloneClusterIT {
    private static StandaloneCluster cluster;

    @BeforeAll
    static void cluster(StandaloneCluster started) {
        cluster = started;
    }

    private static String[] evaluate(String... more) {
        return Stream.concat(Stream.of("evaluate", "--weights", TestData.sampleWeights().toString(), "--data", TestData.mnistDir().toString()),
                Stream.of(more)).toArray(String[]::new);
    }

    @Test
    void evaluatePrintsTheBooksAccuracyOnTheCluster() throws Exception {
        Set<String> logsBefore = eventLogs();
        E2E.Result r = E2E.run("cluster-evaluate", E2E.SUBMIT_TIMEOUT.plusSeconds(30), E2E.submit(cluster.masterUrl(), List.of(), evaluate()));
        assertEquals(0, r.code(), r.err());
        assertEquals("Accuracy:0.9352", r.firstLine());
        assertTrue(r.out().contains("100 batches of 100 on 2 partitions") && r.out().contains("master " + cluster.masterUrl()), r.out());
        E2E.figure(String.format(Locale.ROOT, "evaluate on the standalone cluster: %.1f s from submit to exit", r.seconds()));
        Set<String> logs = eventLogs();
        logs.removeAll(logsBefore);
        assertTrue(logs.stream().anyMatch(f -> f.startsWith("eventlog_v2_app-")), "spark-defaults.conf's event log: " + logs);
    }

    @Test
    void anExecutorKilledMidJobIsReplacedAndTheAccuracyStaysTheSame() throws Exception {
        int uiPort = E2E.freePort();
        long t0 = System.nanoTime();
        // 500 small tasks keep both executors busy for seconds: time to kill one with tasks running
        Process submit = E2E.start("cluster-kill", E2E.submit(cluster.masterUrl(), List.of("--conf", "spark.ui.port=" + uiPort),
                evaluate("--partitions", "500", "--batch-size", "20")));
        try {
            SparkRest rest = new SparkRest(uiPort);
            long deadline = System.nanoTime() + E2E.SUBMIT_TIMEOUT.toNanos();
            String victimId = null;
            ProcessHandle victim = null;
            Set<String> before = new HashSet<>();
            while (victim == null) {
                if (!submit.isAlive() || System.nanoTime() > deadline) {
                    fail("the job ended before an executor could be killed mid-job: " + E2E.read("cluster-kill.err"));
                }
                List<JsonNode> executors = rest.executors();
                for (JsonNode e : executors) {
                    if (e.get("activeTasks").asInt() > 0 && e.get("completedTasks").asInt() >= 10) {
                        victimId = e.get("id").asText();
                        victim = cluster.executor(victimId).orElse(null);
                        executors.forEach(x -> before.add(x.get("id").asText()));
                        break;
                    }
                }
                Thread.sleep(50);
            }
            int tasksBefore = 0;
            for (JsonNode e : rest.executors()) {
                tasksBefore += e.get("completedTasks").asInt();
            }
            long killed = System.nanoTime();
            assertTrue(victim.destroyForcibly(), "SIGKILL executor " + victimId);

            Double noticed = null;
            Double replaced = null;
            while (submit.isAlive() && System.nanoTime() < deadline) {
                Set<String> active = new HashSet<>();
                rest.executors().forEach(e -> active.add(e.get("id").asText()));
                double since = (System.nanoTime() - killed) / 1e9;
                if (noticed == null && !active.isEmpty() && !active.contains(victimId)) {
                    noticed = since;
                }
                if (replaced == null && active.stream().anyMatch(id -> !before.contains(id))) {
                    replaced = since;
                }
                Thread.sleep(100);
            }
            E2E.Result r = E2E.finish("cluster-kill", submit, E2E.SUBMIT_TIMEOUT, t0);
            double finished = (System.nanoTime() - killed) / 1e9;

            assertEquals(0, r.code(), r.err());
            assertEquals("Accuracy:0.9352", r.firstLine());
            assertTrue(r.out().contains("examples 10000, correct 9352"), r.out());
            assertFalse(victim.isAlive());
            assertTrue(r.err().contains("Lost executor " + victimId + " on 127.0.0.1"), r.err());
            assertTrue(r.err().contains("ExecutorLostFailure (executor " + victimId + " exited"), "its running tasks were lost and run again: " + r.err());
            E2E.figure(String.format(Locale.ROOT,
                    "executor %s SIGKILLed after %d of 500 tasks: driver saw it gone after %s, a replacement executor registered after %s, the job finished %.1f s after the kill (%.1f s from submit), Accuracy:0.9352",
                    victimId, tasksBefore, seconds(noticed), seconds(replaced), finished, r.seconds()));
        } finally {
            submit.descendants().forEach(ProcessHandle::destroyForcibly);
            submit.destroyForcibly();
        }
    }

    private static String seconds(Double s) {
        return s == null ? "(not seen before the job ended)" : String.format(Locale.ROOT, "%.1f s", s);
    }

    private static Set<String> eventLogs() throws Exception {
        Set<String> out = new HashSet<>();
        if (Files.isDirectory(E2E.eventLogDir())) {
            try (Stream<java.nio.file.Path> files = Files.list(E2E.eventLogDir())) {
                files.forEach(f -> out.add(f.getFileName().toString()));
            }
        }
        return out;
    }
}
