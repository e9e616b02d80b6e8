package scratchnet.jobs.training;

import java.io.Serializable;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;

import scratchnet.core.data.SparseImages;
import scratchnet.core.math.CompensatedSum;
import scratchnet.core.net.BatchGradient;
import scratchnet.core.net.LayerSizes;
import scratchnet.core.net.Optimizer;
import scratchnet.jobs.spark.PartitionFunction;

/**
 * What training tasks do on the executors, each on its partition's cached part of the training
 * set. A task returns one {@link CompensatedSum}, a flat vector the driver adds up:
 *
 * <ul>
 * <li>one step (synchronous SGD): the partition's part of the mini-batch gradient, already divided
 * by the whole batch size, then the summed loss — the parts add up to the book's batch gradient;</li>
 * <li>several local steps (local SGD): the model and optimizer state after those steps, weighted by
 * the partition's share of the batch, then the loss of every step — the sum divided by the batch
 * size is the average model.</li>
 * </ul>
 */
public final class TrainingTasks {
    /** One kernel per executor thread, reused from step to step (its buffers are the only allocation). */
    private static final ThreadLocal<BatchGradient> KERNELS = new ThreadLocal<>();

    private TrainingTasks() {
    }

    /**
     * What one round asks of every partition.
     *
     * @param sizes          the network
     * @param optimizer      the optimizer's name
     * @param lr             its learning rate
     * @param seed           the run's seed
     * @param batchSize      the whole mini-batch
     * @param shares         each partition's share of it
     * @param first          the round's first iteration (0-based)
     * @param steps          steps in this round
     * @param optimizerSteps updates the optimizer had made before the round
     * @param averaging      local steps and model averaging, else one gradient step
     * @param shuffle        batches from a permutation per epoch, else drawn with replacement
     * @param iterationsPerEpoch steps per epoch
     */
    record RoundSpec(LayerSizes sizes, String optimizer, double lr, long seed, int batchSize, int[] shares,
                     long first, int steps, long optimizerSteps, boolean averaging, boolean shuffle, long iterationsPerEpoch) implements Serializable {
    }

    /** The weights broadcast for a round, and for local steps the optimizer's state (state names in order). */
    public static final class RoundState implements Serializable {
        private static final long serialVersionUID = 1L;
        final float[][] params;
        final float[][][] state;

        RoundState(float[][] params, float[][][] state) {
            this.params = params;
            this.state = state;
        }
    }

    /**
     * What a round's task returns: its part of the round's sum, or, for a partition the round
     * measures the accuracy on, its right predictions and images.
     */
    public static final class TaskResult implements Serializable {
        private static final long serialVersionUID = 1L;
        final CompensatedSum sum;
        final long[] correct;

        TaskResult(CompensatedSum sum, long[] correct) {
            this.sum = sum;
            this.correct = correct;
        }
    }

    /**
     * A round as a Spark function, on the partitions of {@code test ∪ train ∪ train} or of
     * {@code train} alone: the round's first {@code countingParts} partitions count the right
     * predictions of the weights the round starts from (the test split, then the training split
     * when its accuracy is asked for), the rest take the round's steps ({@link #round}). One job
     * measures an epoch and runs the next round; the counting tasks come first and are short, so
     * the driver knows the accuracy long before the round ends.
     */
    static final class Round extends PartitionFunction<SparseImages, TaskResult> {
        private static final long serialVersionUID = 1L;
        private final RoundSpec spec;
        private final Broadcast<RoundState> weights;
        private final int countingParts;

        Round(RoundSpec spec, Broadcast<RoundState> weights, int countingParts) {
            this.spec = spec;
            this.weights = weights;
            this.countingParts = countingParts;
        }

        @Override
        public TaskResult call(int partition, Iterator<SparseImages> shards) {
            if (partition < countingParts) {
                return new TaskResult(null, correct(shards, spec.sizes(), weights.value().params));
            }
            return new TaskResult(round(partition - countingParts, shards, spec, weights), null);
        }
    }

    /** The accuracy job's function: {@link #correct} on a partition. */
    static final class Correct extends PartitionFunction<SparseImages, long[]> {
        private static final long serialVersionUID = 1L;
        private final LayerSizes sizes;
        private final Broadcast<float[][]> weights;

        Correct(LayerSizes sizes, Broadcast<float[][]> weights) {
            this.sizes = sizes;
            this.weights = weights;
        }

        @Override
        public long[] call(int partition, Iterator<SparseImages> shards) {
            return correct(shards, sizes, weights.value());
        }
    }

    /**
     * Adds a partition's {@link #correct} counts into an epoch's {@code {train correct, train images,
     * test correct, test images}}.
     */
    static void count(long[] epoch, boolean test, long[] partition) {
        int slot = test ? 2 : 0;
        epoch[slot] += partition[0];
        epoch[slot + 1] += partition[1];
    }

    static BatchGradient kernel(LayerSizes sizes, int rows) {
        BatchGradient k = KERNELS.get();
        if (k == null || !k.sizes().equals(sizes)) {
            k = new BatchGradient(sizes, rows);
            KERNELS.set(k);
        }
        return k;
    }

    /** The round's work on one partition. */
    static CompensatedSum round(int partition, Iterator<SparseImages> shards, RoundSpec spec, Broadcast<RoundState> broadcast) {
        SparseImages shard = shards.next();
        int share = spec.shares()[partition];
        if (share == 0) {
            return CompensatedSum.empty();
        }
        BatchGradient kernel = kernel(spec.sizes(), share);
        RoundState in = broadcast.value();
        float[][] params = kernel.pack(in.params);
        float[][] grads = kernel.zeros();
        int[] picks = new int[share];
        if (!spec.averaging()) {
            ShardSampling.picks(spec.shuffle(), spec.seed(), spec.first(), spec.iterationsPerEpoch(), partition, shard.count(), picks, share);
            double loss = kernel.gradient(params, shard, picks, share, 1f / spec.batchSize(), grads);
            float[][] flat = kernel.flatZeros();
            kernel.unpack(grads, flat);
            float[] v = new float[size(flat)];
            put(v, 0, flat);
            return CompensatedSum.of(v, 1, new double[] {loss});
        }
        Optimizer opt = Optimizer.create(spec.optimizer(), spec.lr());
        List<String> names = opt.stateNames();
        Map<String, float[][]> state = new LinkedHashMap<>();
        if (in.state != null) {
            for (int i = 0; i < names.size(); i++) {
                state.put(names.get(i), kernel.pack(in.state[i]));
            }
        }
        opt.restore(state, spec.optimizerSteps());
        double[] losses = new double[spec.steps()];
        TaskContext task = TaskContext.get();
        for (int s = 0; s < spec.steps(); s++) {
            if (task != null) {
                // a cancelled round (its epoch's target already reached) stops between two steps
                task.killTaskIfInterrupted();
            }
            ShardSampling.picks(spec.shuffle(), spec.seed(), spec.first() + s, spec.iterationsPerEpoch(), partition, shard.count(), picks, share);
            losses[s] = kernel.gradient(params, shard, picks, share, 1f / share, grads);
            opt.update(params, grads);
        }
        float[][] flat = kernel.flatZeros();
        float[] v = new float[size(flat) * (1 + names.size())];
        kernel.unpack(params, flat);
        int at = put(v, 0, flat);
        for (String name : names) {
            kernel.unpack(opt.state().get(name), flat);
            at = put(v, at, flat);
        }
        return CompensatedSum.of(v, share, losses);
    }

    /**
     * Counts right predictions on a partition's images.
     *
     * @param params the weights, in key order
     * @return {@code {right predictions, images}}
     */
    static long[] correct(Iterator<SparseImages> shards, LayerSizes sizes, float[][] params) {
        long[] counts = new long[2];
        BatchGradient kernel = kernel(sizes, 100);
        float[][] packed = kernel.pack(params);
        while (shards.hasNext()) {
            SparseImages s = shards.next();
            for (int first = 0; first < s.count(); first += 100) {
                int n = Math.min(100, s.count() - first);
                counts[0] += kernel.correct(packed, s, first, n);
                counts[1] += n;
            }
        }
        return counts;
    }

    /** @return the total length of some arrays */
    static int size(float[][] a) {
        int n = 0;
        for (float[] x : a) {
            n += x.length;
        }
        return n;
    }

    /** Copies the arrays one after the other into {@code v} from {@code at}; returns the position after them. */
    static int put(float[] v, int at, float[][] a) {
        for (float[] x : a) {
            System.arraycopy(x, 0, v, at, x.length);
            at += x.length;
        }
        return at;
    }

    /** Fills {@code a} with {@code v[at …] / divisor}, rounded to float; returns the position after it. */
    static int take(double[] v, int at, float[][] a, double divisor) {
        for (float[] x : a) {
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (v[at++] / divisor);
            }
        }
        return at;
    }
}
