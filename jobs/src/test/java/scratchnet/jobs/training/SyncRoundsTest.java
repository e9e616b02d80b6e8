package scratchnet.jobs.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import scratchnet.core.TestData;
import scratchnet.core.net.Init;
import scratchnet.core.net.LayerSizes;
import scratchnet.core.net.Optimizer;
import scratchnet.core.net.Params;
import scratchnet.jobs.spark.LocalSpark;
import scratchnet.jobs.training.TrainingSettings.Engine;
import scratchnet.jobs.training.TrainingSettings.Sampling;

/**
 * Synchronous rounds of many steps in barrier stages ({@link scratchnet.jobs.training.sync.BarrierRounds}) against one Spark job
 * per step ({@link JobRounds}), in {@code local[2]} with two partitions: the same weights, losses,
 * accuracies and optimizer state, bit for bit.
 */
class SyncRoundsTest {
    private static JavaSparkContext sc;
    private static TrainingData data;
    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

    @BeforeAll
    static void setUp() {
        sc = LocalSpark.context();
        data = TrainingData.open(sc, TestData.mnistDir().toString(), 2, null);
        data.materialize();
    }

    @AfterAll
    static void tearDown() {
        data.release();
    }

    /** Batches of 1,000: epochs of 60 steps. */
    private static TrainingSettings settings(String optimizer, double lr, long iterations, int checkpointEvery, Double target,
                                             boolean trainAccuracy, String sampling) {
        return new TrainingSettings(LayerSizes.BOOK, Optimizer.Kind.parse(optimizer), lr, 1000, iterations, null, Init.parse("xavier"), 3L,
                data.trainShards.length, 1, Sampling.valueOf(sampling.toUpperCase(java.util.Locale.ROOT)), checkpointEvery, target,
                trainAccuracy, Engine.BARRIER, data.trainCount);
    }

    private static Training.Result train(TrainingSettings s, Engine engine, Path out, PrintStream err) throws Exception {
        TrainingSettings e = new TrainingSettings(s.sizes(), s.optimizer(), s.lr(), s.batchSize(), s.iterations(), s.epochs(), s.init(), s.seed(),
                s.partitions(), s.localSteps(), s.sampling(), s.checkpointEvery(), s.targetAccuracy(), s.trainAccuracy(), engine, s.trainCount());
        return new Training(sc, e, data, out == null ? null : new org.apache.hadoop.fs.Path(out.toUri()), QUIET, err).run(null);
    }

    private static void assertSameWeights(float[][] a, float[][] b) {
        assertEquals(a.length, b.length);
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(a[i], b[i], Params.key(i) + " differs");
        }
    }

    @ParameterizedTest(name = "{0}, {1}")
    @CsvSource({"sgd, replacement", "momentum, shuffle", "adam, shuffle"})
    void barrierRoundsGiveTheBitsOfOneJobPerStep(String optimizer, String sampling, @TempDir Path tmp) throws Exception {
        // two epochs and a part, checkpoints every 50 steps, both accuracies counted at every epoch
        TrainingSettings s = settings(optimizer, Optimizer.Kind.parse(optimizer).defaultLr(), 130, 50, null, true, sampling);
        Training.Result jobs = train(s, Engine.JOBS, tmp.resolve("jobs"), QUIET);
        Training.Result barrier = train(s, Engine.BARRIER, tmp.resolve("barrier"), QUIET);
        assertEquals("jobs", jobs.engine());
        assertEquals("barrier", barrier.engine());
        assertSameWeights(jobs.params(), barrier.params());
        assertArrayEquals(jobs.curves().losses(), barrier.curves().losses());
        assertEquals(jobs.curves().evaluations(), barrier.curves().evaluations());
        assertEquals(3, barrier.curves().evaluations().size(), "epochs 1, 2 and the end");
        assertEquals(jobs.optimizerSteps(), barrier.optimizerSteps());
        for (String name : jobs.state().keySet()) {
            assertSameWeights(jobs.state().get(name), barrier.state().get(name));
        }
        Checkpoint a = Checkpoint.read(new org.apache.hadoop.fs.Path(tmp.resolve("jobs").toUri()), LayerSizes.BOOK, sc.hadoopConfiguration());
        Checkpoint b = Checkpoint.read(new org.apache.hadoop.fs.Path(tmp.resolve("barrier").toUri()), LayerSizes.BOOK, sc.hadoopConfiguration());
        assertEquals(a.iteration(), b.iteration());
        assertSameWeights(a.params(), b.params());
    }

    @Test
    void theTargetEndsABarrierRunAtItsEpochWithTheWeightsOfOneJobPerStep() throws Exception {
        TrainingSettings s = settings("adam", 0.01, 600, 0, 0.93, false, "shuffle");
        Training.Result jobs = train(s, Engine.JOBS, null, QUIET);
        Training.Result barrier = train(s, Engine.BARRIER, null, QUIET);
        assertTrue(barrier.stop().contains("reached the target 0.93"), barrier.stop());
        assertEquals(jobs.iterations(), barrier.iterations());
        assertTrue(barrier.iterations() % 60 == 0 && barrier.iterations() < 600, "stopped at an epoch: " + barrier.iterations());
        assertSameWeights(jobs.params(), barrier.params());
        assertEquals(jobs.curves().evaluations(), barrier.curves().evaluations());
        assertEquals(0, LocalSpark.activeJobsAfterTheStatusCaughtUp(sc), "no job left running");
    }

    @Test
    void aStepThatDivergesInsideARoundIsNamed() throws InterruptedException {
        // Adam moves every weight by about lr per step: 2e38 twice overflows float32, in the round's second step
        TrainingSettings s = settings("adam", 2e38, 10, 0, null, false, "replacement");
        DivergedException e = assertThrows(DivergedException.class, () -> train(s, Engine.BARRIER, null, QUIET));
        assertTrue(e.getMessage().matches("training diverged at step 2: .*--lr 2e\\+38.*no checkpoint had been written yet"), e.getMessage());
        assertEquals(0, LocalSpark.activeJobsAfterTheStatusCaughtUp(sc), "no job left running");
    }

    @Test
    void morePartitionsThanTaskSlotsFallBackToOneJobPerStepAndSaySo() throws Exception {
        TrainingData four = TrainingData.open(sc, TestData.mnistDir().toString(), 4, null);
        try {
            TrainingSettings s = new TrainingSettings(LayerSizes.BOOK, Optimizer.Kind.SGD, 0.1, 1000, 3L, null, Init.parse("xavier"), 3,
                    four.trainShards.length, 1, Sampling.REPLACEMENT, 0, null, false, Engine.BARRIER, four.trainCount);
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Training.Result r = new Training(sc, s, four, null, QUIET, new PrintStream(err, true, StandardCharsets.UTF_8)).run(null);
            assertEquals("jobs", r.engine());
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("train: 4 partitions but 2 task slots: one Spark job per step"), err.toString());
        } finally {
            four.release();
        }
    }
}
