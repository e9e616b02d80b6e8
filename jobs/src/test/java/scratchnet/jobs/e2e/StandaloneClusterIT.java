package scratchnet.jobs.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void anExecutorMemoryNoWorkerHasIsABadSettingInOneLineWithinItsWait() throws Exception {
        E2E.Result r = E2E.run("cluster-no-room", E2E.SUBMIT_TIMEOUT, E2E.submit(cluster.masterUrl(),
                List.of("--executor-memory", "200g", "--conf", "spark.scratchnet.executorWait=5s"), evaluate()));
        assertEquals(2, r.code(), r.err());
        List<String> ours = r.err().lines().filter(l -> l.startsWith("scratchnet: ")).toList();
        assertEquals(List.of("scratchnet: no executor started on " + cluster.masterUrl() + " within 5 s for spark.executor.memory=200g,"
                + " spark.executor.cores=all of a worker's (no worker has that free, or the cluster is busy); ask for less, or --conf"
                + " spark.scratchnet.executorWait=5m waits longer"), ours, r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        assertTrue(r.seconds() < 60, "took " + r.seconds() + " s");
    }

    @Test
    void anExecutorKilledMidJobIsReplacedAndTheAccuracyStaysTheSame() throws Exception {
        int uiPort = E2E.freePort();
        long t0 = System.nanoTime();
        // 500 small tasks: the job runs for seconds, time to kill an executor with a task running
        Process submit = E2E.start("cluster-kill", E2E.submit(cluster.masterUrl(), List.of("--conf", "spark.ui.port=" + uiPort),
                evaluate("--partitions", "500", "--batch-size", "20")));
        try {
            SparkRest rest = new SparkRest(uiPort);
            ExecutorKill kill = ExecutorKill.withTaskRunning(cluster, rest, submit, "cluster-kill", 10);
            ExecutorKill.Recovery recovery = kill.awaitRecovery();
            E2E.Result r = E2E.finish("cluster-kill", submit, E2E.SUBMIT_TIMEOUT, t0);
            double finished = kill.since();

            assertEquals(0, r.code(), r.err());
            assertEquals("Accuracy:0.9352", r.firstLine());
            assertTrue(r.out().contains("examples 10000, correct 9352"), r.out());
            assertFalse(kill.process.isAlive());
            List<String> rerun = kill.lostTasksRunAgain(EventLog.events(rest.applicationId()));
            assertFalse(rerun.isEmpty(), "the event log shows no task lost with executor " + kill.id);
            E2E.figure(String.format(Locale.ROOT,
                    "evaluate: executor %s SIGKILLed with task %s in flight, after %d of 500 tasks: the driver logged it lost after %.1f s,"
                            + " a replacement executor registered after %s, the job finished %.1f s after the kill (%.1f s from submit), Accuracy:0.9352;"
                            + " the event log shows task(s) %s lost and run again",
                    kill.id, kill.tasksInFlight, kill.tasksBefore, recovery.noticed(), E2E.seconds(recovery.replaced()), finished, r.seconds(), rerun));
        } finally {
            submit.descendants().forEach(ProcessHandle::destroyForcibly);
            submit.destroyForcibly();
        }
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
