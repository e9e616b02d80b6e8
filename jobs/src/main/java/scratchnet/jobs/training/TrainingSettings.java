package scratchnet.jobs.training;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import scratchnet.core.BadInputException;
import scratchnet.core.net.Init;
import scratchnet.core.net.LayerSizes;

/**
 * Everything that decides a training run's result, resolved: given the same settings and the same
 * data, {@code train} produces the same weights bit for bit.
 *
 * @param sizes           the network, {@code 784-…-10} ({@code --hidden})
 * @param optimizer       {@code sgd}, {@code momentum}, {@code adagrad} or {@code adam}
 * @param lr              the learning rate, positive
 * @param batchSize       examples per mini-batch, summed over partitions (the book's 100)
 * @param iterations      mini-batch steps to run ({@code --iters}, or {@code --epochs} × iterations per epoch)
 * @param init            how the weights start
 * @param seed            seeds the initial weights and every mini-batch
 * @param partitions      how many parts the training set is cut into; each partition samples its
 *                        share of every mini-batch from its own part
 * @param localSteps      1: every step's gradient is summed over partitions and applied by the
 *                        driver (synchronous SGD, the book's algorithm); K &gt; 1: each partition
 *                        takes up to K optimizer steps on its share alone, then the driver averages
 *                        the models (local SGD), so that a Spark job carries K steps instead of one
 * @param checkpointEvery write a checkpoint after this many steps (0: only at the end;
 *                        {@link #CHECKPOINT_BY_TIME}: at the end of the first epoch that ends
 *                        {@link #CHECKPOINT_SECONDS} or more after the last checkpoint)
 * @param targetAccuracy  stop at the first evaluation whose test accuracy reaches this (NaN: never)
 * @param trainAccuracy   whether every evaluation measures the train accuracy too (the book's line)
 * @param sampling        {@code replacement} (the book's {@code np.random.choice}) or {@code shuffle}
 *                        (each image once per epoch), see {@link ShardSampling}
 * @param trainCount      images in the training set
 */
public record TrainingSettings(LayerSizes sizes, String optimizer, double lr, int batchSize, long iterations,
                               Init init, long seed, int partitions, int localSteps, long checkpointEvery,
                               double targetAccuracy, boolean trainAccuracy, String sampling, int trainCount) implements Serializable {

    /** {@code checkpointEvery} for the default: checkpoints at epoch ends, at least {@link #CHECKPOINT_SECONDS} apart. */
    public static final long CHECKPOINT_BY_TIME = -1;
    /** The least time between two checkpoints by default: a kill loses at most this and an epoch. */
    public static final int CHECKPOINT_SECONDS = 60;

    /** Checks what the options cannot check alone. */
    public TrainingSettings {
        if (batchSize > trainCount) {
            throw new BadInputException("--batch-size " + batchSize + " is larger than the training set (" + trainCount + " images)");
        }
        if (partitions > trainCount) {
            throw new BadInputException("--partitions " + partitions + " is more than the training set has images (" + trainCount + ")");
        }
    }

    /** @return the book's {@code iter_per_epoch = max(train_size / batch_size, 1)}, rounded up */
    public long iterationsPerEpoch() {
        return iterationsPerEpoch(trainCount, batchSize);
    }

    /** @return iterations per epoch for a training set and batch size */
    public static long iterationsPerEpoch(int trainCount, int batchSize) {
        return Math.max(1, (trainCount + batchSize - 1) / batchSize);
    }

    /** @return how many of every mini-batch's examples each partition samples: shares proportional to its part, largest remainders first */
    public int[] shares(int[] shardSizes) {
        int p = shardSizes.length;
        int[] share = new int[p];
        double[] rest = new double[p];
        int given = 0;
        for (int i = 0; i < p; i++) {
            double exact = (double) batchSize * shardSizes[i] / trainCount;
            share[i] = (int) Math.floor(exact);
            rest[i] = exact - share[i];
            given += share[i];
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < p; i++) {
            order.add(i);
        }
        order.sort((a, b) -> rest[a] != rest[b] ? Double.compare(rest[b], rest[a]) : Integer.compare(a, b));
        for (int k = 0; given < batchSize; k++, given++) {
            share[order.get(k)]++;
        }
        return share;
    }

    /**
     * @return the settings that a checkpoint must share with the run resuming it, keyed as every
     *         JSON of the project is (snake_case: {@code batch_size} for {@code --batch-size})
     */
    public Map<String, String> fingerprint() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("hidden", sizes.toString());
        m.put("optimizer", optimizer);
        m.put("lr", Double.toString(lr));
        m.put("batch_size", Integer.toString(batchSize));
        m.put("init", init.name());
        m.put("seed", Long.toString(seed));
        m.put("partitions", Integer.toString(partitions));
        m.put("local_steps", Integer.toString(localSteps));
        m.put("sampling", sampling);
        return m;
    }

    /** @return the hyper-parameters as {@code model.json} records them */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("network", sizes.toString());
        m.put("activation", "sigmoid");
        m.put("output", "softmax");
        m.put("loss", "cross_entropy_error (delta 1e-7)");
        m.put("optimizer", optimizer);
        m.put("lr", lr);
        m.put("batch_size", batchSize);
        m.put("iterations", iterations);
        m.put("iterations_per_epoch", iterationsPerEpoch());
        m.put("init", init.name());
        m.put("seed", seed);
        m.put("partitions", partitions);
        m.put("local_steps", localSteps);
        m.put("sampling", sampling);
        m.put("checkpoint_every", checkpointEvery == CHECKPOINT_BY_TIME ? null : checkpointEvery);
        m.put("checkpoint_seconds", checkpointEvery == CHECKPOINT_BY_TIME ? CHECKPOINT_SECONDS : null);
        m.put("target_accuracy", Double.isNaN(targetAccuracy) ? null : targetAccuracy);
        m.put("train_accuracy", trainAccuracy);
        return m;
    }
}
