package scratchnet.jobs.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * SIGKILLed mid-training.
 */
@Tag("e2e")
@ExtendWith(E2EResources.class)
class TrainOnClusterIT {
    private static final int ITERATIONS = 200;
    private static StandaloneCluster cluster;
    private static float[][] local;
    private static String localAccuracy;

    @BeforeAll
    static void trainInLocal2(StandaloneCluster started) throws Exception {
        cluster = started;
        E2E.Result r = E2E.run("train-local", E2E.SUBMIT_TIMEOUT.plusSeconds(30), E2E.submit("local[2]", List.of(), train("train-local")));
        assertEquals(0, r.code(), r.err());
        local = weights("train-local");
        localAccuracy = finalAccuracy(r.out());
        E2E.figure(String.format(Locale.ROOT, "train %d iterations in local[2]: %.1f s from submit to exit", ITERATIONS, r.seconds()));
    }

    /** The same training everywhere: Adam, Xavier, seed 7, two partitions of the training set. */
    private static String[] train(String out) {
        return new String[] {"train", "--data", TestData.mnistDir().toString(), "--iters", Integer.toString(ITERATIONS),
                "--partitions", "2", "--seed", "7", "--optimizer", "adam", "--init", "xavier", "--train-accuracy", "off",
                "--checkpoint-every", "0", "--overwrite", "--out", E2E.dir().resolve(out).toString()};
    }

    private static float[][] weights(String out) {
        return Params.of(WeightsFile.readNetwork(E2E.dir().resolve(out).resolve("weights.npz")));
    }

    private static String finalAccuracy(String out) {
        return out.lines().filter(l -> l.startsWith("final ")).findFirst().orElse("no final accuracy in: " + out);
    }

    private static void assertSameWeights(float[][] expected, float[][] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], actual[i], Params.key(i) + " differs from local[2]'s");
        }
    }

    @Test
    void trainingOnTheClusterGivesTheWeightsOfLocal2() throws Exception {
        E2E.Result r = E2E.run("train-cluster", E2E.SUBMIT_TIMEOUT.plusSeconds(30), E2E.submit(cluster.masterUrl(), List.of(), train("train-cluster")));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("on 2 partitions, master " + cluster.masterUrl()), r.err());
        assertSameWeights(local, weights("train-cluster"));
        assertEquals(localAccuracy, finalAccuracy(r.out()));
        E2E.figure(String.format(Locale.ROOT, "train %d iterations on the standalone cluster: %.1f s from submit to exit, weights identical to local[2]'s",
                ITERATIONS, r.seconds()));
    }

    @Test
    void anExecutorKilledMidTrainingChangesNoWeight() throws Exception {
        int uiPort = E2E.freePort();
        long t0 = System.nanoTime();
        Process submit = E2E.start("train-kill", E2E.submit(cluster.masterUrl(), List.of("--conf", "spark.ui.port=" + uiPort), train("train-kill")));
        try {
            SparkRest rest = new SparkRest(uiPort);
            // well into the training: about 40 rounds done, the training set cached on both executors
            ExecutorKill kill = ExecutorKill.withTaskRunning(cluster, rest, submit, "train-kill", 40);
            ExecutorKill.Recovery recovery = kill.awaitRecovery();
            E2E.Result r = E2E.finish("train-kill", submit, E2E.SUBMIT_TIMEOUT, t0);

            assertEquals(0, r.code(), r.err());
            assertFalse(kill.process.isAlive());
            assertSameWeights(local, weights("train-kill"));
            List<String> rerun = kill.lostTasksRunAgain(EventLog.events(rest.applicationId()));
            assertFalse(rerun.isEmpty(), "the event log shows no task lost with executor " + kill.id);
            assertEquals(localAccuracy, finalAccuracy(r.out()));
            E2E.figure(String.format(Locale.ROOT,
                    "train: executor %s SIGKILLed with task %s in flight, after %d tasks: the driver logged it lost after %.1f s, a replacement executor"
                            + " registered after %s, training finished %.1f s after the kill (%.1f s from submit), weights identical to local[2]'s;"
                            + " the event log shows task(s) %s lost and run again",
                    kill.id, kill.tasksInFlight, kill.tasksBefore, recovery.noticed(), E2E.seconds(recovery.replaced()), kill.since(), r.seconds(), rerun));
        } finally {
            submit.descendants().forEach(ProcessHandle::destroyForcibly);
            submit.destroyForcibly();
        }
    }
}
