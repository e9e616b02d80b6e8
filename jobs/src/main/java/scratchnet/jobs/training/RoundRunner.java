package scratchnet.jobs.training;

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
import scratchnet.jobs.spark.BackgroundJobs;
import scratchnet.jobs.spark.PartitionFunction;

/**
 * Training rounds as Spark jobs, one at a time, each submitted from a driver thread of its own
 * ({@link BackgroundJobs}).
 *
 * <p>A round broadcasts the weights (destroying the previous round's broadcast), runs the
 * partitions' work ({@link TrainingTasks}) as one job ({@link PartitionFunction}), adds the
 * partitions' results in an order-independent sum ({@link CompensatedSum}) as they arrive and
 * reads it back. The round after an epoch also measures that epoch's accuracy, in tasks of the
 * same job that run first: while the round's steps run, the training loop records the accuracy
 * (and writes the epoch's checkpoint), and when it reaches the target, cancels the round instead of
 * waiting for work it will throw away.
 */
final class RoundRunner implements AutoCloseable {
    /**
     * A round in flight: the accuracy of the weights it started from, as soon as its counting tasks
     * have ended (when it measures one), then the round itself.
     */
    final class InFlight {
        private final CompletableFuture<long[]> accuracy = new CompletableFuture<>();
        private BackgroundJobs.Handle<Round> job;

        /**
         * Waits for the counts of the weights the round started from.
         *
         * @return {@code {train correct, train images, test correct, test images}} (train slots 0 when not asked for)
         */
        long[] accuracy() throws Exception {
            try {
                return accuracy.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }

        /** Waits for the round; a failed job's exception is thrown as it is. */
        Round get() throws Exception {
            return job.get();
        }

        /** Cancels the round and waits until it has stopped. */
        void cancel() throws InterruptedException {
            job.cancel();
        }
    }

    /**
     * What a round's job returned, read: the averaged model and optimizer state (local steps) or the
     * summed gradient (one step), the loss of every step, and the first step whose loss is not finite.
     */
    record Round(float[][] model, Map<String, float[][]> state, float[][] gradient, double[] losses, String divergence, long nanos) {
    }

    private final JavaSparkContext sc;
    private final TrainingSettings s;
    private final TrainingData data;
    private final BackgroundJobs jobs;
    /** The last round started. */
    private InFlight current;
    /** The weights broadcast for the last round: destroyed when the next is broadcast. */
    private Broadcast<TrainingTasks.RoundState> lastWeights;

    RoundRunner(JavaSparkContext sc, BackgroundJobs jobs, TrainingSettings settings, TrainingData data) {
        this.sc = sc;
        this.jobs = jobs;
        this.s = settings;
        this.data = data;
    }

    /**
     * Starts the round of steps {@code it+1 … it+steps} from these weights and the optimizer's
     * state, which must not change until the round has ended.
     */
    InFlight start(float[][] params, Optimizer opt, long it, int steps, int[] shares, boolean measure) {
        float[][][] state = s.localSteps() > 1 ? stateArrays(opt) : null;
        long optimizerSteps = opt.steps();
        InFlight f = new InFlight();
        current = f;
        String what = (measure ? "train: accuracy at step " + it + ", steps " : "train: steps ") + (it + 1) + "-" + (it + steps);
        f.job = jobs.start(what, () -> {
            try {
                return run(params, state, opt, optimizerSteps, it, steps, shares, measure ? f.accuracy : null);
            } catch (Throwable t) {
                f.accuracy.completeExceptionally(t);
                throw t;
            } finally {
                f.accuracy.completeExceptionally(new IllegalStateException("the round ended without measuring the accuracy"));
            }
        });
        return f;
    }

    /** @param accuracy completed with the counts, or {@code null} for a round that measures none */
    private Round run(float[][] params, float[][][] state, Optimizer opt, long optimizerSteps, long it, int steps, int[] shares,
                      CompletableFuture<long[]> accuracy) {
        boolean averaging = s.localSteps() > 1;
        long start = System.nanoTime();
        Broadcast<TrainingTasks.RoundState> weights = sc.broadcast(new TrainingTasks.RoundState(params, state));
        if (lastWeights != null) {
            lastWeights.destroy();
        }
        lastWeights = weights;
        TrainingTasks.RoundSpec spec = new TrainingTasks.RoundSpec(s.sizes(), s.optimizer(), s.lr(), s.seed(), s.batchSize(),
                shares, it, steps, optimizerSteps, averaging, s.sampling().equals("shuffle"), s.iterationsPerEpoch());
        JavaRDD<SparseImages> rdd = data.train;
        int testParts = 0;
        int trainParts = 0;
        if (accuracy != null) {
            testParts = data.test.getNumPartitions();
            trainParts = s.trainAccuracy() ? data.train.getNumPartitions() : 0;
            rdd = s.trainAccuracy() ? data.test.union(data.train).union(data.train) : data.test.union(data.train);
        }
        int testCount = testParts;
        int counting = testParts + trainParts;
        long[] counts = new long[4];
        int[] counted = {0};
        CompensatedSum[] sum = {CompensatedSum.empty()};
        PartitionFunction.run(sc, rdd, new TrainingTasks.Round(spec, weights, counting), TrainingTasks.TaskResult.class, (partition, r) -> {
            if (r.correct == null) {
                sum[0] = sum[0].add(r.sum);
                return;
            }
            TrainingTasks.count(counts, partition < testCount, r.correct);
            if (++counted[0] == counting) {
                accuracy.complete(counts);
            }
        });
        return read(sum[0].values(), params, opt, it, steps, start);
    }

    /** Reads a round's sum: the average model and state, or the gradient, and the losses. */
    private Round read(double[] v, float[][] params, Optimizer opt, long it, int steps, long start) {
        boolean averaging = s.localSteps() > 1;
        double[] losses = new double[steps];
        float[][] model = null;
        Map<String, float[][]> nextState = null;
        float[][] gradient = null;
        if (averaging) {
            model = Params.copy(params);
            int at = TrainingTasks.take(v, 0, model, s.batchSize());
            nextState = new LinkedHashMap<>();
            for (String name : opt.stateNames()) {
                float[][] a = Params.copy(params);
                at = TrainingTasks.take(v, at, a, s.batchSize());
                nextState.put(name, a);
            }
            for (int k = 0; k < steps; k++) {
                losses[k] = v[at + k] / s.batchSize();
            }
        } else {
            gradient = Params.copy(params);
            TrainingTasks.take(v, 0, gradient, 1);
            losses[0] = v[v.length - 1] / s.batchSize();
        }
        String divergence = null;
        for (int k = 0; k < steps && divergence == null; k++) {
            if (!Double.isFinite(losses[k])) {
                divergence = (it + k + 1) + ": the loss is " + losses[k];
            }
        }
        return new Round(model, nextState, gradient, losses, divergence, System.nanoTime() - start);
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
        if (lastWeights != null) {
            lastWeights.destroy();
            lastWeights = null;
        }
    }

    private static float[][][] stateArrays(Optimizer opt) {
        if (opt.state().isEmpty()) {
            return null;
        }
        float[][][] out = new float[opt.stateNames().size()][][];
        int i = 0;
        for (String name : opt.stateNames()) {
            out[i++] = opt.state().get(name);
        }
        return out;
    }
}
