package scratchnet.jobs.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static scratchnet.jobs.training.TrainingFixture.assertSameWeights;

import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import scratchnet.core.TestData;
import scratchnet.core.io.WeightsFile;
import scratchnet.core.net.Params;

/**
 * {@code train} on the standalone cluster gives the weights of {@code local[2]} with the same seed
 * and partitioning, also when an executor JVM (holding a cached shard of the training set) is
 * SIGKILLed mid-training: with one Spark job per step, and with synchronous rounds of many steps in
 * barrier stages, which Spark retries whole from the round's starting weights.
 */
@Tag("e2e")
@ExtendWith(E2EResources.class)
class TrainOnClusterIT {
    /** What a difference from the run in local[2] would be. */
    private static final String LOCAL = "from local[2]'s";
    private static final int ITERATIONS = 200;
    /** Three epochs: three barrier rounds of 600 steps. */
    private static final int SYNC_ITERATIONS = 1800;
    private static StandaloneCluster cluster;
    private static float[][] local;
    private static String localAccuracy;
    private static float[][] syncLocal;
    private static String syncLocalAccuracy;

    @BeforeAll
    static void trainInLocal2(StandaloneCluster started) throws Exception {
        cluster = started;
        E2E.Result r = E2E.run("train-local", E2E.SUBMIT_TIMEOUT.plusSeconds(30), E2E.submit("local[2]", List.of(), train("train-local")));
        assertEquals(0, r.code(), r.err());
        local = weights("train-local");
        localAccuracy = finalAccuracy(r.out());
        E2E.figure(String.format(Locale.ROOT, "train %d iterations in local[2]: %.1f s from submit to exit", ITERATIONS, r.seconds()));
        E2E.Result sync = E2E.run("train-sync-local", E2E.SUBMIT_TIMEOUT.plusSeconds(30), E2E.submit("local[2]", List.of(), sync("train-sync-local")));
        assertEquals(0, sync.code(), sync.err());
        syncLocal = weights("train-sync-local");
        syncLocalAccuracy = finalAccuracy(sync.out());
    }

    /** The same training everywhere: Adam, Xavier, seed 7, two partitions of the training set, one Spark job per step. */
    private static String[] train(String out) {
        return args(ITERATIONS, "jobs", out);
    }

    /** The same with synchronous rounds of many steps (the default engine). */
    private static String[] sync(String out) {
        return args(SYNC_ITERATIONS, "barrier", out);
    }

    private static String[] args(int iterations, String engine, String out) {
        return new String[] {"train", "--data", TestData.mnistDir().toString(), "--iters", Integer.toString(iterations), "--engine", engine,
                "--partitions", "2", "--seed", "7", "--optimizer", "adam", "--init", "xavier", "--train-accuracy", "off",
                "--checkpoint-every", "0", "--overwrite", "--out", E2E.dir().resolve(out).toString()};
    }

    private static float[][] weights(String out) {
        return Params.of(WeightsFile.readNetwork(E2E.dir().resolve(out).resolve("weights.npz")));
    }

    private static String finalAccuracy(String out) {
        return out.lines().filter(l -> l.startsWith("final ")).findFirst().orElse("no final accuracy in: " + out);
    }

    @Test
    void synchronousRoundsOnTheClusterGiveTheWeightsOfLocal2() throws Exception {
        E2E.Result r = E2E.run("train-sync-cluster", E2E.SUBMIT_TIMEOUT.plusSeconds(30), E2E.submit(cluster.masterUrl(), List.of(), sync("train-sync-cluster")));
        assertEquals(0, r.code(), r.err());
        assertFalse(r.err().contains("one Spark job per step"), r.err());
        assertSameWeights(syncLocal, weights("train-sync-cluster"), LOCAL);
        assertEquals(syncLocalAccuracy, finalAccuracy(r.out()));
        String rounds = r.err().lines().filter(l -> l.startsWith("rounds: ")).findFirst().orElse("no rounds line in: " + r.err());
        E2E.figure(String.format(Locale.ROOT, "train %d iterations in synchronous rounds on the standalone cluster: %.1f s from submit to exit, "
                + "weights identical to local[2]'s; %s", SYNC_ITERATIONS, r.seconds(), rounds));
    }

    @Test
    void anExecutorKilledMidRoundMakesSparkRetryTheRoundWithTheSameWeights() throws Exception {
        // the training set cached on both executors (its job's tasks done), a round's task running
        Killed k = trainWithAKill("train-sync-kill", sync("train-sync-kill"), 2);
        assertSameWeights(syncLocal, weights("train-sync-kill"), LOCAL);
        assertEquals(syncLocalAccuracy, finalAccuracy(k.result().out()));
        E2E.figure(String.format(Locale.ROOT,
                "train in synchronous rounds: executor %s SIGKILLed with task %s in flight: the driver logged it lost after %.1f s, a replacement"
                        + " executor registered after %s, training finished %.1f s after the kill (%.1f s from submit), weights identical to local[2]'s",
                k.kill().id, k.kill().tasksInFlight, k.recovery().noticed(), E2E.seconds(k.recovery().replaced()), k.kill().since(),
                k.result().seconds()));
    }

    /** A run on the cluster, its exit, and the kill of one of its executors with a task in flight. */
    private record Killed(E2E.Result result, ExecutorKill kill, ExecutorKill.Recovery recovery, SparkRest rest) {
    }

    /**
     * Runs {@code args} on the cluster and SIGKILLs an executor with a task in flight once it has
     * done {@code minCompleted} tasks; the run must still end well.
     */
    private static Killed trainWithAKill(String name, String[] args, int minCompleted) throws Exception {
        int uiPort = E2E.freePort();
        long t0 = System.nanoTime();
        Process submit = E2E.start(name, E2E.submit(cluster.masterUrl(), List.of("--conf", "spark.ui.port=" + uiPort), args));
        try {
            SparkRest rest = new SparkRest(uiPort);
            ExecutorKill kill = ExecutorKill.withTaskRunning(cluster, rest, submit, name, minCompleted);
            ExecutorKill.Recovery recovery = kill.awaitRecovery();
            E2E.Result r = E2E.finish(name, submit, E2E.SUBMIT_TIMEOUT, t0);
            assertEquals(0, r.code(), r.err());
            assertFalse(kill.process.isAlive());
            return new Killed(r, kill, recovery, rest);
        } finally {
            submit.descendants().forEach(ProcessHandle::destroyForcibly);
            submit.destroyForcibly();
        }
    }

    @Test
    void trainingOnTheClusterGivesTheWeightsOfLocal2() throws Exception {
        E2E.Result r = E2E.run("train-cluster", E2E.SUBMIT_TIMEOUT.plusSeconds(30), E2E.submit(cluster.masterUrl(), List.of(), train("train-cluster")));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("on 2 partitions, master " + cluster.masterUrl()), r.err());
        assertSameWeights(local, weights("train-cluster"), LOCAL);
        assertEquals(localAccuracy, finalAccuracy(r.out()));
        E2E.figure(String.format(Locale.ROOT, "train %d iterations on the standalone cluster: %.1f s from submit to exit, weights identical to local[2]'s",
                ITERATIONS, r.seconds()));
    }

    @Test
    void anExecutorKilledMidTrainingChangesNoWeight() throws Exception {
        // well into the training: about 40 rounds done, the training set cached on both executors
        Killed k = trainWithAKill("train-kill", train("train-kill"), 40);
        assertSameWeights(local, weights("train-kill"), LOCAL);
        List<String> rerun = k.kill().lostTasksRunAgain(EventLog.events(k.rest().applicationId()));
        assertFalse(rerun.isEmpty(), "the event log shows no task lost with executor " + k.kill().id);
        assertEquals(localAccuracy, finalAccuracy(k.result().out()));
        E2E.figure(String.format(Locale.ROOT,
                "train: executor %s SIGKILLed with task %s in flight, after %d tasks: the driver logged it lost after %.1f s, a replacement executor"
                        + " registered after %s, training finished %.1f s after the kill (%.1f s from submit), weights identical to local[2]'s;"
                        + " the event log shows task(s) %s lost and run again",
                k.kill().id, k.kill().tasksInFlight, k.kill().tasksBefore, k.recovery().noticed(), E2E.seconds(k.recovery().replaced()),
                k.kill().since(), k.result().seconds(), rerun));
    }
}
