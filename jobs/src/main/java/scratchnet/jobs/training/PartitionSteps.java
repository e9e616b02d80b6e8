package scratchnet.jobs.training;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.TaskContext;

import scratchnet.core.data.SparseImages;
import scratchnet.core.math.CompensatedSum;
import scratchnet.core.net.BatchGradient;
import scratchnet.core.net.LayerSizes;
import scratchnet.core.net.Optimizer;
import scratchnet.core.net.Params;
import scratchnet.core.net.Scorer;

/**
 * What training computes on an executor, on its partition's cached part of the data. A round's
 * result is one {@link CompensatedSum}, a flat vector ({@link FlatVector}) that the driver adds up
 * over the partitions:
 *
 * <ul>
 * <li>one synchronous step: the partition's part of the mini-batch gradient, already divided by the
 * whole batch size, then the summed loss — the parts add up to the book's batch gradient;</li>
 * <li>local steps: the model and optimizer state after those steps, weighted by the partition's
 * share of the batch, then the loss of every step — the sum divided by the batch size is the
 * average model.</li>
 * </ul>
 */
public final class PartitionSteps {
    /** One kernel per executor thread, reused from step to step (its buffers are its only allocation). */
    private static final ThreadLocal<BatchGradient> KERNELS = new ThreadLocal<>();

    private PartitionSteps() {
    }

    /** The round's steps on partition {@code partition} of the training set, from the broadcast weights. */
    static CompensatedSum round(int partition, SparseImages part, RoundEngine.Spec spec, RoundEngine.Weights start) {
        int share = spec.shares()[partition];
        if (share == 0) {
            return CompensatedSum.empty();
        }
        return spec.averaging() ? localSteps(partition, part, share, spec, start) : gradientStep(partition, part, share, spec, start);
    }

    /** One synchronous step: this partition's share of the mini-batch gradient and loss. */
    private static CompensatedSum gradientStep(int partition, SparseImages part, int share, RoundEngine.Spec spec, RoundEngine.Weights start) {
        BatchGradient kernel = kernel(spec.settings().sizes(), share);
        float[][] params = kernel.pack(start.params());
        float[][] grads = kernel.zeros();
        int[] picks = new int[share];
        ShardSampling.picks(spec.settings().sampling(), spec.settings().seed(), spec.first(), spec.settings().iterationsPerEpoch(), partition, part.count(), picks, share);
        double loss = kernel.gradient(params, part, picks, share, 1f / spec.settings().batchSize(), grads);
        float[][] unpacked = kernel.flatZeros();
        kernel.unpack(grads, unpacked);
        float[] vector = new float[FlatVector.length(unpacked)];
        FlatVector.write(unpacked, vector, 0);
        return CompensatedSum.of(vector, 1, new double[] {loss});
    }

    /** Local SGD: the round's steps on this partition's share alone, then its model and optimizer state. */
    private static CompensatedSum localSteps(int partition, SparseImages part, int share, RoundEngine.Spec spec, RoundEngine.Weights start) {
        BatchGradient kernel = kernel(spec.settings().sizes(), share);
        float[][] params = kernel.pack(start.params());
        float[][] grads = kernel.zeros();
        int[] picks = new int[share];
        Optimizer optimizer = spec.settings().optimizer().create(spec.settings().lr());
        List<String> names = optimizer.stateNames();
        optimizer.restore(packedState(kernel, optimizer, start), spec.optimizerSteps());
        double[] losses = new double[spec.steps()];
        TaskContext task = TaskContext.get();
        for (int step = 0; step < spec.steps(); step++) {
            if (task != null) {
                // a cancelled round (its epoch's target already reached) stops between two steps
                task.killTaskIfInterrupted();
            }
            ShardSampling.picks(spec.settings().sampling(), spec.settings().seed(), spec.first() + step, spec.settings().iterationsPerEpoch(), partition, part.count(), picks, share);
            losses[step] = kernel.gradient(params, part, picks, share, 1f / share, grads);
            optimizer.update(params, grads);
        }
        float[][] unpacked = kernel.flatZeros();
        float[] vector = new float[FlatVector.length(unpacked) * (1 + names.size())];
        kernel.unpack(params, unpacked);
        int at = FlatVector.write(unpacked, vector, 0);
        for (String name : names) {
            kernel.unpack(optimizer.state().get(name), unpacked);
            at = FlatVector.write(unpacked, vector, at);
        }
        return CompensatedSum.of(vector, share, losses);
    }

    /** @return the broadcast optimizer state in the kernel's padded layout, by name (none before a first update) */
    public static Map<String, float[][]> packedState(BatchGradient kernel, Optimizer optimizer, RoundEngine.Weights start) {
        Map<String, float[][]> state = new LinkedHashMap<>();
        if (start.state() != null) {
            List<String> names = optimizer.stateNames();
            for (int i = 0; i < names.size(); i++) {
                state.put(names.get(i), kernel.pack(start.state()[i]));
            }
        }
        return state;
    }

    /**
     * Counts right predictions on a partition's images, with the {@link Scorer} that evaluate and predict use.
     *
     * @param params the weights, in key order
     */
    public static Hits countCorrect(Iterator<SparseImages> parts, LayerSizes sizes, float[][] params) {
        long correct = 0;
        long images = 0;
        Scorer scorer = new Scorer(Params.network(sizes, params));
        while (parts.hasNext()) {
            SparseImages part = parts.next();
            correct += scorer.correct(part, 0, part.count());
            images += part.count();
        }
        return new Hits(correct, images);
    }

    /** @return this thread's kernel for the network, made for {@code rows} images a pass when it has none for that network */
    public static BatchGradient kernel(LayerSizes sizes, int rows) {
        BatchGradient k = KERNELS.get();
        if (k == null || !k.sizes().equals(sizes)) {
            k = new BatchGradient(sizes, rows);
            KERNELS.set(k);
        }
        return k;
    }
}
