package scratchnet.jobs.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static scratchnet.jobs.training.TrainingFixture.assertSameWeights;

import java.nio.file.Path;
import java.util.List;

import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import scratchnet.core.TestData;
import scratchnet.core.io.WeightsFile;
import scratchnet.core.net.Init;
import scratchnet.core.net.LayerSizes;
import scratchnet.core.net.Optimizer;
import scratchnet.core.net.Params;
import scratchnet.jobs.spark.LocalSpark;
import scratchnet.jobs.training.TrainingSettings.Sampling;

/**
 * The training loop in {@code local[2]} on three partitions (so that task results arrive in varying
 * orders): determinism, resuming after a kill, divergence, and the accuracy job.
 */
class TrainingTest {
    private static JavaSparkContext sc;
    private static TrainingData data;

    @BeforeAll
    static void setUp() {
        sc = TrainingFixture.sc();
        data = TrainingFixture.data(3);
    }

    private static TrainingSettings settings(String optimizer, double lr, int localSteps, long iterations, Integer checkpointEvery, long seed) {
        return settings(optimizer, lr, localSteps, iterations, checkpointEvery, seed, "replacement");
    }

    private static TrainingSettings settings(String optimizer, double lr, int localSteps, long iterations, Integer checkpointEvery, long seed,
                                             String sampling) {
        return TrainingFixture.settings(data, "optimizer", optimizer, "lr", lr, "localSteps", localSteps, "iterations", iterations,
                "checkpointEvery", checkpointEvery, "seed", seed, "sampling", sampling);
    }

    private static Training.Result train(TrainingSettings s, Path out, Checkpoint resume, Training.Listener listener) throws Exception {
        Training t = new Training(sc, s, data, TrainingFixture.hadoopPath(out), TrainingFixture.QUIET, TrainingFixture.QUIET);
        if (listener != null) {
            t.listener(listener);
        }
        return t.run(resume);
    }

    @ParameterizedTest(name = "{0}, {1} local steps, {2}")
    @CsvSource({"sgd, 1, replacement", "adam, 1, replacement", "momentum, 4, replacement", "adam, 5, shuffle"})
    void theSameSeedAndPartitioningGiveTheSameWeights(String optimizer, int localSteps, String sampling) throws Exception {
        TrainingSettings s = settings(optimizer, Optimizer.Kind.parse(optimizer).defaultLr(), localSteps, 24, 0, 7, sampling);
        Training.Result a = train(s, null, null, null);
        Training.Result b = train(s, null, null, null);
        assertSameWeights(a.params(), b.params());
        assertArrayEquals(a.curves().losses(), b.curves().losses());
        assertEquals(24, a.curves().losses().length);
        assertTrue(a.curves().losses()[23] < a.curves().losses()[0], "it learns: the loss falls");
        float[][] fresh = Init.parse("xavier").initialize(LayerSizes.BOOK, 7);
        assertFalse(java.util.Arrays.equals(fresh[0], a.params()[0]), "the weights moved");

        Training.Result other = train(settings(optimizer, Optimizer.Kind.parse(optimizer).defaultLr(), localSteps, 24, 0, 8, sampling), null, null, null);
        assertFalse(java.util.Arrays.equals(other.params()[0], a.params()[0]), "another seed, other weights");
    }

    @ParameterizedTest(name = "{0}, {1} local steps, {2}")
    @CsvSource({"momentum, 1, replacement", "adam, 5, shuffle"})
    void aRunKilledMidwayAndResumedEndsWithTheUninterruptedWeights(String optimizer, int localSteps, String sampling, @TempDir Path tmp) throws Exception {
        TrainingSettings s = settings(optimizer, Optimizer.Kind.parse(optimizer).defaultLr(), localSteps, 45, 10, 11, sampling);
        Training.Result straight = train(s, tmp.resolve("straight"), null, null);

        Path dir = tmp.resolve("killed");
        RuntimeException kill = assertThrows(RuntimeException.class, () -> train(s, dir, null, it -> {
            if (it >= 25) {
                throw new IllegalStateException("killed at step " + it);
            }
        }));
        assertTrue(kill.getMessage().startsWith("killed"));
        Checkpoint last = TrainingFixture.checkpoint(dir, LayerSizes.BOOK);
        assertEquals(20, last.iteration(), "the last checkpoint before the kill");

        Training.Result resumed = train(s, dir, last, null);
        assertEquals(45, resumed.iterations());
        assertEquals(25, resumed.sessionSteps());
        assertSameWeights(straight.params(), resumed.params());
        assertArrayEquals(straight.curves().losses(), resumed.curves().losses());
        assertEquals(straight.testAcc(), resumed.testAcc());
        for (String name : straight.state().keySet()) {
            assertSameWeights(straight.state().get(name), resumed.state().get(name));
        }
    }

    @Test
    void reachingTheTargetStopsAtThatEpochWithItsWeights(@TempDir Path tmp) throws Exception {
        // epochs of 60 steps (batch 1000); the accuracy, measured beside the next round, stops the run
        // at the epoch that reached the target, and the round started meanwhile is cancelled
        TrainingSettings target = TrainingFixture.settings(data, "optimizer", "adam", "lr", 0.01, "batchSize", 1000, "iterations", 600L,
                "seed", 4L, "localSteps", 20, "checkpointEvery", 60, "targetAccuracy", 0.95);
        Training.Result a = train(target, tmp.resolve("target"), null, null);
        assertTrue(a.stop().contains("reached the target 0.95"), a.stop());
        assertTrue(a.iterations() % 60 == 0 && a.iterations() < 600, "stopped at an epoch: " + a.iterations());
        assertEquals(a.iterations(), a.curves().losses().length);
        assertTrue(a.testAcc() >= 0.95);
        assertTrue(a.curves().evaluations().size() >= 2, "a few epochs: " + a.curves().evaluations());
        TrainingCurves.EpochAccuracy before = a.curves().evaluations().get(a.curves().evaluations().size() - 2);
        assertTrue(before.testAcc() < 0.95, "the epoch before had not reached it");
        Checkpoint end = TrainingFixture.checkpoint(tmp.resolve("target"), LayerSizes.BOOK);
        assertEquals(a.iterations(), end.iteration());
        assertSameWeights(a.params(), end.params());

        TrainingSettings exactly = TrainingFixture.with(target, "iterations", a.iterations(), "targetAccuracy", null);
        Training.Result b = train(exactly, null, null, null);
        assertSameWeights(b.params(), a.params());
        assertArrayEquals(b.curves().losses(), a.curves().losses());
        assertEquals(b.curves().evaluations(), a.curves().evaluations());
    }

    @Test
    void aFailureWhileARoundRunsCancelsTheRound(@TempDir Path tmp) throws Exception {
        // the epoch's checkpoint is written while the next round runs; here it cannot be written
        java.nio.file.Files.writeString(tmp.resolve("a-file"), "not a directory");
        TrainingSettings s = TrainingFixture.settings(data, "optimizer", "momentum", "lr", 0.1, "batchSize", 1000, "iterations", 600L,
                "seed", 4L, "localSteps", 20, "checkpointEvery", 60);
        assertThrows(Exception.class, () -> train(s, tmp.resolve("a-file").resolve("out"), null, null));
        assertEquals(0, LocalSpark.activeJobsAfterTheStatusCaughtUp(sc), "no job left running");
    }

    @Test
    void byDefaultAShortRunWritesOnlyItsFinalCheckpoint(@TempDir Path tmp) throws Exception {
        // checkpoints by time: the second epoch ends long before a minute has passed
        TrainingSettings s = settings("momentum", 0.1, 600, 1200, null, 2);
        org.apache.hadoop.fs.Path dir = TrainingFixture.hadoopPath(tmp);
        List<Long> roundsWithACheckpoint = new java.util.ArrayList<>();
        train(s, tmp, null, it -> {
            if (Checkpoint.exists(dir, sc.hadoopConfiguration())) {
                roundsWithACheckpoint.add(it);
            }
        });
        assertEquals(List.of(), roundsWithACheckpoint);
        assertEquals(1200, Checkpoint.read(dir, LayerSizes.BOOK, sc.hadoopConfiguration()).iteration());
    }

    @Test
    void divergenceStopsWithAClearMessageAndKeepsTheLastGoodCheckpoint(@TempDir Path tmp) throws Exception {
        // Adam moves every weight by about lr per step whatever the gradient: 2e38 twice overflows float32
        TrainingSettings s = settings("adam", 2e38, 1, 10, 1, 3);
        DivergedException e = assertThrows(DivergedException.class, () -> train(s, tmp, null, null));
        assertTrue(e.getMessage().matches("training diverged at step 2: .*--lr 2e\\+38.*"), e.getMessage());
        Checkpoint kept = TrainingFixture.checkpoint(tmp, LayerSizes.BOOK);
        int step = Integer.parseInt(e.getMessage().replaceAll("training diverged at step (\\d+):.*", "$1"));
        assertTrue(step > 1, "diverges after a first good step: " + e.getMessage());
        assertTrue(e.getMessage().contains("last good checkpoint is kept"), e.getMessage());
        assertEquals(step - 1, kept.iteration());
        assertTrue(Params.finite(kept.params()));

        TrainingSettings adam = settings("adam", 1e39, 3, 10, 0, 3);
        DivergedException first = assertThrows(DivergedException.class, () -> train(adam, null, null, null));
        assertTrue(first.getMessage().contains("no checkpoint had been written yet"), first.getMessage());
    }

    @Test
    void theAccuracyJobOnTheCachedPartsGivesTheBooksAccuracy() {
        float[][] book = Params.of(WeightsFile.readNetwork(TestData.sampleWeights()));
        Training t = new Training(sc, settings("sgd", 0.1, 1, 1, 0, 0), data, null, TrainingFixture.QUIET, TrainingFixture.QUIET);
        TrainingCurves.EpochAccuracy acc = t.evaluate(book, 600, true);
        assertEquals(0.9352, acc.testAcc());
        assertTrue(acc.trainAcc() > 0.93 && acc.trainAcc() < 0.96, "train accuracy " + acc.trainAcc());
        assertEquals(1.0, acc.epoch());
    }

    @Test
    void everyPartitionSamplesItsShareOfTheBatch() {
        TrainingSettings s = settings("sgd", 0.1, 1, 1, 0, 0);
        assertArrayEquals(new int[] {34, 33, 33}, s.shares(new int[] {20000, 20000, 20000}));
        assertEquals(100, java.util.Arrays.stream(s.shares(new int[] {1, 2, 59997})).sum());
        int[] a = new int[50];
        int[] b = new int[50];
        ShardSampling.picks(5, 17, 2, 20000, a, 50);
        ShardSampling.picks(5, 17, 2, 20000, b, 50);
        assertArrayEquals(a, b);
        ShardSampling.picks(5, 18, 2, 20000, b, 50);
        assertFalse(java.util.Arrays.equals(a, b));
        assertTrue(java.util.Arrays.stream(a).allMatch(i -> i >= 0 && i < 20000));

        // shuffle: an epoch of 400 steps of 50 takes each of the 20,000 images exactly once
        boolean[] seen = new boolean[20000];
        for (long step = 400; step < 800; step++) {
            ShardSampling.picks(Sampling.SHUFFLE, 5, step, 400, 2, 20000, a, 50);
            for (int i : a) {
                assertFalse(seen[i], "image " + i + " twice in one epoch");
                seen[i] = true;
            }
        }
        ShardSampling.picks(Sampling.SHUFFLE, 5, 400, 400, 2, 20000, a, 50);
        ShardSampling.picks(Sampling.SHUFFLE, 5, 800, 400, 2, 20000, b, 50);
        assertFalse(java.util.Arrays.equals(a, b), "another epoch, another order");
    }
}
