package scratchnet.jobs.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import scratchnet.core.net.LayerSizes;
import scratchnet.jobs.spark.CancellationWarmUp;

/**
 * Slow: the training loop's cases that need long rounds, in {@code local[2]} on three partitions
 * as {@link TrainingTest}'s, run with the end-to-end tests ({@code mvn -B verify -Pe2e}).
 */
@Tag("e2e")
class TrainingIT {

    @Test
    void theRoundCancelledAtTheTargetStopsItsTasksBetweenSteps() throws Exception {
        // wide layers make a round of 600 steps long; the cancelled round's step tasks must end long
        // before a whole round's time, between two steps (Spark reports them killed either way)
        LayerSizes wide = new LayerSizes(new int[] {784, 400, 400, 10});
        TrainingData data = TrainingFixture.data(3);
        TrainingSettings s = TrainingFixture.settings(data, "sizes", wide, "optimizer", "momentum", "lr", 0.1, "iterations", 1800L,
                "seed", 2L, "localSteps", 600, "targetAccuracy", 0.2);
        Map<Integer, List<Long>> finishedMs = new java.util.concurrent.ConcurrentHashMap<>();
        List<Long> killedMs = new java.util.concurrent.CopyOnWriteArrayList<>();
        org.apache.spark.scheduler.SparkListener listener = new org.apache.spark.scheduler.SparkListener() {
            @Override
            public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd end) {
                long ms = end.taskInfo().duration();
                if (end.reason() instanceof org.apache.spark.TaskKilled) {
                    killedMs.add(ms);
                } else {
                    finishedMs.computeIfAbsent(end.stageId(), id -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(ms);
                }
            }
        };
        CancellationWarmUp.run();
        TrainingFixture.sc().sc().addSparkListener(listener);
        try {
            Training.Result r = TrainingFixture.train(s, data, null);
            assertEquals(600, r.iterations(), "stopped after the first epoch: " + r.stop());
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (killedMs.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            // the other task slot's kill is reported beside the first
            Thread.sleep(1000);
        } finally {
            TrainingFixture.sc().sc().removeSparkListener(listener);
        }
        // the first round's stage: three step tasks, the last of them alone on a warmer JIT
        long wholeRound = finishedMs.get(finishedMs.keySet().stream().min(Integer::compare).orElseThrow())
                .stream().mapToLong(Long::longValue).min().orElseThrow();
        assertFalse(killedMs.isEmpty(), "no step task of the cancelled round was killed");
        assertTrue(killedMs.stream().allMatch(ms -> ms < wholeRound / 4),
                "the killed tasks ran " + killedMs + " ms, a whole round's took " + wholeRound + " ms");
    }
}
