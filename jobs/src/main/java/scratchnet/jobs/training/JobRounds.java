package scratchnet.jobs.training;

import java.io.Serializable;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

import scratchnet.core.data.SparseImages;
import scratchnet.core.math.CompensatedSum;
import scratchnet.core.net.Optimizer;
import scratchnet.core.net.Params;
import scratchnet.jobs.spark.PartitionFunction;
import scratchnet.jobs.spark.SubmittedJob;

/**
 * Training rounds as Spark jobs of independent tasks, one at a time: one step per round, or the
 * local steps of local SGD. A round broadcasts the weights it starts from
 * (destroying the previous round's broadcast), submits its tasks ({@link Task}) as one job
 * and returns at once; as the tasks end, Spark's scheduler thread adds their sums in an
 * order-independent sum ({@link CompensatedSum}) and the counts of the epoch's accuracy. The
 * training loop meanwhile waits for the accuracy (when the round measures one), then for the round.
 */
final class JobRounds implements RoundEngine {

    /**
     * A round as a Spark function, on the partitions of {@code test ∪ train ∪ train} or of
     * {@code train} alone: the round's first {@code countingParts} partitions count the right
     * predictions of the weights the round starts from (the test split, then the training split when
     * its accuracy is asked for), the rest take the round's steps ({@link PartitionSteps#round}). One
     * job measures an epoch and runs the next round; the counting tasks come first and are short, so
     * the driver knows the accuracy long before the round ends.
     */
    static final class Task extends PartitionFunction<SparseImages, TaskResult> {
        private static final long serialVersionUID = 1L;
        private final Spec spec;
        private final Broadcast<Weights> weights;
        private final int countingParts;

        Task(Spec spec, Broadcast<Weights> weights, int countingParts) {
            this.spec = spec;
            this.weights = weights;
            this.countingParts = countingParts;
        }

        @Override
        public TaskResult call(int partition, Iterator<SparseImages> parts) {
            if (partition < countingParts) {
                return TaskResult.ofCount(PartitionSteps.countCorrect(parts, spec.settings().sizes(), weights.value().params()));
            }
            return TaskResult.ofSteps(PartitionSteps.round(partition - countingParts, parts.next(), spec, weights.value()));
        }
    }

    /**
     * What a task returns: its part of the round's sum, or, for a partition whose accuracy the round
     * counts, its right predictions.
     *
     * @param sum  the partition's part of the round's sum, or {@code null} for a counting task
     * @param hits the partition's right predictions, or {@code null} for a step task
     */
    record TaskResult(CompensatedSum sum, Hits hits) implements Serializable {

        static TaskResult ofSteps(CompensatedSum sum) {
            return new TaskResult(sum, null);
        }

        static TaskResult ofCount(Hits hits) {
            return new TaskResult(null, hits);
        }
    }

    /**
     * A round in flight: the accuracy of the weights it started from, as soon as its counting tasks
     * have ended (when it counts one), then the round itself.
     */
    private final class InFlight implements RoundEngine.InFlight {
        private final CompletableFuture<EpochHits> accuracy = new CompletableFuture<>();
        private final CompensatedSum[] sum = {CompensatedSum.empty()};
        private final long first;
        private final int steps;
        private final float[][] start;
        private final Optimizer optimizer;
        private final long startNanos;
        private SubmittedJob job;

        private InFlight(long first, int steps, float[][] start, Optimizer optimizer) {
            this.first = first;
            this.steps = steps;
            this.start = start;
            this.optimizer = optimizer;
            this.startNanos = System.nanoTime();
        }

        @Override
        public EpochHits accuracy() throws Exception {
            try {
                return accuracy.get();
            } catch (ExecutionException e) {
                job.await();
                throw new IllegalStateException("the round's job ended without counting the accuracy", e.getCause());
            }
        }

        @Override
        public Result result() throws Exception {
            job.await();
            return read(sum[0].values(), start, optimizer, first, steps, startNanos);
        }

        @Override
        public void cancel() throws InterruptedException {
            job.cancel();
        }
    }

    private final JavaSparkContext sc;
    private final TrainingSettings settings;
    private final TrainingData data;
    private final int[] shares;
    /** The last round started. */
    private InFlight current;
    /** The weights of the last round started. */
    private final Broadcasts broadcast;

    JobRounds(JavaSparkContext sc, TrainingSettings settings, TrainingData data) {
        this.sc = sc;
        this.settings = settings;
        this.data = data;
        this.shares = settings.shares(data.trainShards);
        this.broadcast = new Broadcasts(sc);
    }

    @Override
    public int maxSteps() {
        return settings.localSteps();
    }

    @Override
    public InFlight start(float[][] params, Optimizer optimizer, long first, int steps, boolean countAccuracy) {
        InFlight round = new InFlight(first, steps, params, optimizer);
        current = round;
        Spec spec = new Spec(settings, shares, first, steps, optimizer.steps());
        Broadcast<Weights> weights = broadcast.next(spec.averaging() ? Weights.withState(params, optimizer) : new Weights(params, null));
        JavaRDD<SparseImages> rdd = data.train;
        int testParts = 0;
        int trainParts = 0;
        if (countAccuracy) {
            testParts = data.test.getNumPartitions();
            trainParts = settings.trainAccuracy() ? data.train.getNumPartitions() : 0;
            rdd = settings.trainAccuracy() ? data.test.union(data.train).union(data.train) : data.test.union(data.train);
        }
        int testCount = testParts;
        int counting = testParts + trainParts;
        EpochHits hits = new EpochHits();
        int[] counted = {0};
        sc.setJobDescription((countAccuracy ? "train: accuracy at step " + first + ", steps " : "train: steps ") + (first + 1) + "-" + (first + steps));
        round.job = PartitionFunction.submit(sc, rdd, new Task(spec, weights, counting), (partition, r) -> {
            if (r.hits() == null) {
                round.sum[0] = round.sum[0].add(r.sum());
                return;
            }
            hits.add(partition < testCount, r.hits());
            if (++counted[0] == counting) {
                round.accuracy.complete(hits);
            }
        });
        // a job that fails before its counting tasks have ended must not leave the loop waiting
        round.job.whenDone(() -> round.accuracy.completeExceptionally(new IllegalStateException("no accuracy counted")));
        return round;
    }

    /** Reads a round's sum: the gradient, or the average model and state, and the losses. */
    private Result read(double[] v, float[][] params, Optimizer optimizer, long first, int steps, long startNanos) {
        double[] losses = new double[steps];
        if (settings.localSteps() <= 1) {
            float[][] gradient = Params.copy(params);
            FlatVector.readScaled(v, 0, gradient, 1);
            losses[0] = v[v.length - 1] / settings.batchSize();
            return new Result(gradient, null, null, losses, System.nanoTime() - startNanos, 0, 0, 0, Result.firstNonFiniteLoss(losses, first));
        }
        float[][] model = Params.copy(params);
        int at = FlatVector.readScaled(v, 0, model, settings.batchSize());
        Map<String, float[][]> state = new LinkedHashMap<>();
        for (String name : optimizer.stateNames()) {
            float[][] a = Params.copy(params);
            at = FlatVector.readScaled(v, at, a, settings.batchSize());
            state.put(name, a);
        }
        for (int k = 0; k < steps; k++) {
            losses[k] = v[at + k] / settings.batchSize();
        }
        return new Result(null, model, state, losses, System.nanoTime() - startNanos, 0, 0, 0, Result.firstNonFiniteLoss(losses, first));
    }

    /**
     * Cancels a round still in flight (the loop stopped early: an exception, a kill) and destroys
     * the last broadcast.
     */
    @Override
    public void close() throws InterruptedException {
        if (current != null && !current.job.isDone()) {
            current.cancel();
        }
        broadcast.close();
    }
}
