package scratchnet.jobs.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static scratchnet.jobs.training.TrainingFixture.assertSameWeights;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import scratchnet.core.TestData;
import scratchnet.core.net.LayerSizes;
import scratchnet.core.net.Optimizer;
import scratchnet.jobs.spark.LocalSpark;
import scratchnet.jobs.training.TrainingSettings.Engine;

/**
 * Synchronous rounds of many steps in barrier stages ({@link scratchnet.jobs.training.sync.BarrierRounds}) against one Spark job
 * per step ({@link JobRounds}), in {@code local[2]} with two partitions: the same weights, losses,
 * accuracies and optimizer state, bit for bit.
 */
class SyncRoundsTest {
    private static TrainingData data;

    @BeforeAll
    static void setUp() {
        data = TrainingFixture.data(2);
    }

    /** Batches of 1,000: epochs of 60 steps. */
    private static TrainingSettings settings(String optimizer, double lr, long iterations, int checkpointEvery, Double target,
                                             boolean trainAccuracy, String sampling) {
        return TrainingFixture.settings(data, "optimizer", optimizer, "lr", lr, "batchSize", 1000, "iterations", iterations, "seed", 3L,
                "checkpointEvery", checkpointEvery, "targetAccuracy", target, "trainAccuracy", trainAccuracy, "sampling", sampling);
    }

    private static Training.Result train(TrainingSettings s, Engine engine, Path out) throws Exception {
        return TrainingFixture.train(TrainingFixture.with(s, "engine", engine), data, out);
    }

    @ParameterizedTest(name = "{0}, {1}, sums in shared memory: {2}")
    @CsvSource({"sgd, replacement, true", "momentum, shuffle, false", "adam, shuffle, true"})
    void barrierRoundsGiveTheBitsOfOneJobPerStep(String optimizer, String sampling, boolean sharedMemory, @TempDir Path tmp) throws Exception {
        // two epochs and a part, checkpoints every 17 steps, both accuracies counted at every epoch; batches of
        // 3,000 (epochs of 20 steps), so that one job per step runs 43 jobs
        TrainingSettings s = TrainingFixture.with(settings(optimizer, Optimizer.Kind.parse(optimizer).defaultLr(), 43, 17, null, true, sampling),
                "batchSize", 3000);
        Training.Result jobs = train(s, Engine.JOBS, tmp.resolve("jobs"));
        String shared = "spark.scratchnet.train.sharedMemory";
        TrainingFixture.sc().setLocalProperty(shared, Boolean.toString(sharedMemory));
        Training.Result barrier;
        try {
            barrier = train(s, Engine.BARRIER, tmp.resolve("barrier"));
        } finally {
            TrainingFixture.sc().setLocalProperty(shared, null);
        }
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
        Checkpoint a = TrainingFixture.checkpoint(tmp.resolve("jobs"), LayerSizes.BOOK);
        Checkpoint b = TrainingFixture.checkpoint(tmp.resolve("barrier"), LayerSizes.BOOK);
        assertEquals(a.iteration(), b.iteration());
        assertSameWeights(a.params(), b.params());
    }

    @Test
    void aBarrierRunWithoutTargetOrCheckpointIsOneSparkJobThatReportsEveryEpoch() throws Exception {
        // batches of 3,000: epochs of 20 steps; 45 steps report at 20, 40 and 45
        TrainingSettings s = TrainingFixture.with(settings("momentum", 0.1, 45, 0, null, true, "shuffle"), "batchSize", 3000);
        String group = "one job per run " + System.nanoTime();
        TrainingFixture.sc().setJobGroup(group, "a barrier run", false);
        Training.Result barrier;
        try {
            barrier = train(s, Engine.BARRIER, null);
        } finally {
            TrainingFixture.sc().clearJobGroup();
        }
        assertEquals(0, LocalSpark.activeJobsAfterTheStatusCaughtUp(TrainingFixture.sc()));
        assertEquals(1, TrainingFixture.sc().statusTracker().getJobIdsForGroup(group).length, "Spark jobs of the run");
        assertEquals(List.of(20L, 40L, 45L), barrier.curves().evaluations().stream().map(TrainingCurves.EpochAccuracy::iteration).toList(),
                "epochs 1, 2 and the end (their values are those of one job per step: barrierRoundsGiveTheBitsOfOneJobPerStep)");
    }

    @Test
    void theTargetEndsABarrierRunAtItsEpochWithTheWeightsOfOneJobPerStep() throws Exception {
        // seed 1 at this rate reaches the target at the first epoch (0.9377): the tasks end the round there
        TrainingSettings s = TrainingFixture.with(settings("adam", 0.03, 600, 0, 0.93, false, "shuffle"), "seed", 1L);
        Training.Result jobs = train(s, Engine.JOBS, null);
        Training.Result barrier = train(s, Engine.BARRIER, null);
        assertTrue(barrier.stop().contains("reached the target 0.93"), barrier.stop());
        assertEquals(jobs.iterations(), barrier.iterations());
        assertTrue(barrier.iterations() % 60 == 0 && barrier.iterations() < 600, "stopped at an epoch: " + barrier.iterations());
        assertSameWeights(jobs.params(), barrier.params());
        assertEquals(jobs.curves().evaluations(), barrier.curves().evaluations());
        assertEquals(0, LocalSpark.activeJobsAfterTheStatusCaughtUp(TrainingFixture.sc()), "no job left running");
    }

    @Test
    void aStepThatDivergesInsideARoundIsNamed() throws InterruptedException {
        // Adam moves every weight by about lr per step: 2e38 twice overflows float32, in the round's second step
        TrainingSettings s = settings("adam", 2e38, 10, 0, null, false, "replacement");
        DivergedException e = assertThrows(DivergedException.class, () -> train(s, Engine.BARRIER, null));
        assertTrue(e.getMessage().matches("training diverged at step 2: .*--lr 2e\\+38.*no checkpoint had been written yet"), e.getMessage());
        assertEquals(0, LocalSpark.activeJobsAfterTheStatusCaughtUp(TrainingFixture.sc()), "no job left running");
    }

    @Test
    void morePartitionsThanTaskSlotsFallBackToOneJobPerStepAndSaySo() throws Exception {
        TrainingData four = TrainingData.open(TrainingFixture.sc(), TestData.mnistDir().toString(), 4, null);
        try {
            TrainingSettings s = TrainingFixture.settings(four, "batchSize", 1000, "iterations", 3L, "seed", 3L);
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Training.Result r = new Training(TrainingFixture.sc(), s, four, null, TrainingFixture.QUIET, new PrintStream(err, true, StandardCharsets.UTF_8))
                    .run(null);
            assertEquals("jobs", r.engine());
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("train: 4 partitions but 2 task slots: one Spark job per step"), err.toString());
        } finally {
            four.release();
        }
    }
}
