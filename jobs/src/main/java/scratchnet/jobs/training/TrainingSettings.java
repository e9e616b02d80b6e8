package scratchnet.jobs.training;

import java.io.Serializable;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import scratchnet.core.BadInputException;
import scratchnet.core.net.Init;
import scratchnet.core.net.LayerSizes;
import scratchnet.core.net.Optimizer;

/**
 * The settings of a {@code train} run, each declared once, here: given the same settings and the
 * same data, {@code train} produces the same weights bit for bit. {@code null} means "not given";
 * {@link #forData} resolves what the data decides (the steps of {@code --epochs}, the partitions,
 * the training set's size), and the loop and its tasks receive the resolved settings whole.
 *
 * <p>What a run records is generated from the components, in their order, as Tribuo derives
 * provenance from its configurable fields: a component marked {@link Setting} is a hyper-parameter
 * of {@code model.json} ({@link #hyperparameters()}), and, with {@link Setting#resume()}, one that a
 * checkpoint must match to be resumed ({@link #fingerprint()}). A new setting is a component here
 * and an option in {@code TrainCommand}.
 *
 * @param sizes           the network, {@code 784-…-10} ({@code --hidden})
 * @param optimizer       the optimizer ({@code --optimizer})
 * @param lr              the learning rate, positive ({@code --lr}); when not given, the optimizer's default
 * @param batchSize       examples per mini-batch, summed over partitions (the book's 100)
 * @param iterations      mini-batch steps to run ({@code --iters}); when not given, {@code --epochs} ×
 *                        iterations per epoch, or the book's {@link #DEFAULT_ITERATIONS}, once the data is known
 * @param epochs          epochs to run ({@code --epochs}), or {@code null}
 * @param init            how the weights start
 * @param seed            seeds the initial weights and every mini-batch
 * @param partitions      how many parts the training set is cut into; each partition samples its
 *                        share of every mini-batch from its own part. When not given, the
 *                        checkpoint's or Spark's default parallelism; once the data is known, the parts it was cut into
 * @param localSteps      1: every step's gradient is summed over partitions and applied alike
 *                        (synchronous SGD, the book's algorithm); K &gt; 1: each partition takes up
 *                        to K optimizer steps on its share alone, then the driver averages the
 *                        models (local SGD), so that a Spark job carries K steps instead of one
 * @param sampling        how a partition picks its share of a mini-batch ({@link Sampling})
 * @param checkpointEvery write a checkpoint after this many steps (0: only at the end); when not
 *                        given, at the end of the first epoch that ends {@link #CHECKPOINT_SECONDS}
 *                        or more after the last checkpoint
 * @param targetAccuracy  stop at the first evaluation whose test accuracy reaches this; when not given, never
 * @param trainAccuracy   whether every evaluation measures the train accuracy too (the book's line)
 * @param engine          how synchronous rounds run; the weights are the same either way
 * @param trainCount      images in the training set, once the data is known
 */
public record TrainingSettings(
        @Setting(key = "hidden", card = "network", then = {"activation", "output", "loss"}, resume = true) LayerSizes sizes,
        @Setting(resume = true) Optimizer.Kind optimizer,
        @Setting(resume = true) Double lr,
        @Setting(resume = true) int batchSize,
        @Setting(then = "iterationsPerEpoch") Long iterations,
        Integer epochs,
        @Setting(resume = true) Init init,
        @Setting(resume = true) long seed,
        @Setting(resume = true) Integer partitions,
        @Setting(resume = true) int localSteps,
        @Setting(resume = true) Sampling sampling,
        @Setting(then = "checkpointSeconds") Integer checkpointEvery,
        @Setting Double targetAccuracy,
        @Setting boolean trainAccuracy,
        Engine engine,
        Integer trainCount) implements Serializable {

    /** The book's 10,000 iterations. */
    public static final int DEFAULT_ITERATIONS = 10_000;
    /** The least time between two checkpoints by default: a kill loses at most this and an epoch. */
    public static final int CHECKPOINT_SECONDS = 60;

    /**
     * Where a run records a setting; the key is the option's name in snake_case, as every JSON of
     * the project is keyed ({@code batch_size} for {@code --batch-size}).
     */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    public @interface Setting {
        /** @return the key, when it is not the component's name in snake_case */
        String key() default "";

        /** @return the key in {@code model.json}, when it is not {@link #key()} */
        String card() default "";

        /**
         * @return the methods whose values {@code model.json} records right after this setting, each
         *         under its name in snake_case: what follows from it, and the network's fixed functions
         */
        String[] then() default {};

        /** @return whether a checkpoint must have been written with the same value to be resumed */
        boolean resume() default false;
    }

    /** How a partition picks its share of each mini-batch ({@link ShardSampling}). */
    public enum Sampling {
        /** The book's {@code np.random.choice}: drawn afresh, with replacement, every step. */
        REPLACEMENT,
        /** A permutation per epoch: each image once per epoch. */
        SHUFFLE;

        /** @return the name on the command line and in the files */
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How synchronous SGD's rounds run ({@code train --engine}); the weights are the same either way. */
    public enum Engine {
        /** Many synchronous steps per Spark job of barrier tasks, which add their sums among themselves ({@code training.sync}). */
        BARRIER,
        /** One Spark job per step, the driver adding the tasks' sums ({@link JobRounds}). */
        JOBS;

        /** @return the name on the command line and in {@code model.json} */
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The components, in order. */
    private static final RecordComponent[] COMPONENTS = TrainingSettings.class.getRecordComponents();

    /** Resolves the learning rate that was not given, and checks what the options cannot check alone. */
    public TrainingSettings {
        if (lr == null) {
            lr = optimizer.defaultLr();
        }
        if (trainCount != null && batchSize > trainCount) {
            throw new BadInputException("--batch-size " + batchSize + " is larger than the training set (" + trainCount + " images)");
        }
        if (trainCount != null && partitions != null && partitions > trainCount) {
            throw new BadInputException("--partitions " + partitions + " is more than the training set has images (" + trainCount + ")");
        }
    }

    /**
     * @param trainCount images in the training set
     * @param parts      the parts it was cut into
     * @return these settings for the data: the steps to run resolved, the partitions and the training set's size known
     */
    public TrainingSettings forData(int trainCount, int parts) {
        long perEpoch = iterationsPerEpoch(trainCount, batchSize);
        long steps = iterations != null ? iterations : epochs != null ? epochs * perEpoch : DEFAULT_ITERATIONS;
        return new TrainingSettings(sizes, optimizer, lr, batchSize, steps, epochs, init, seed, parts, localSteps, sampling,
                checkpointEvery, targetAccuracy, trainAccuracy, engine, trainCount);
    }

    /** @return the book's {@code iter_per_epoch = max(train_size / batch_size, 1)}, rounded up */
    public long iterationsPerEpoch() {
        return iterationsPerEpoch(trainCount, batchSize);
    }

    /** @return iterations per epoch for a training set and batch size */
    public static long iterationsPerEpoch(int trainCount, int batchSize) {
        return Math.max(1, (trainCount + batchSize - 1) / batchSize);
    }

    /** @return the least seconds between two checkpoints when they are written by time, else {@code null} */
    public Integer checkpointSeconds() {
        return checkpointEvery == null ? CHECKPOINT_SECONDS : null;
    }

    /** @return the hidden layers' activation, as {@code model.json} names it */
    public String activation() {
        return "sigmoid";
    }

    /** @return the output layer's function */
    public String output() {
        return "softmax";
    }

    /** @return the loss */
    public String loss() {
        return "cross_entropy_error (delta 1e-7)";
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

    /** @return the settings that a checkpoint must share with the run resuming it ({@link Setting#resume()}), as text */
    public Map<String, String> fingerprint() {
        Map<String, String> m = new LinkedHashMap<>();
        for (RecordComponent c : COMPONENTS) {
            Setting s = c.getAnnotation(Setting.class);
            if (s != null && s.resume()) {
                m.put(key(c.getName(), s.key()), String.valueOf(value(c.getName())));
            }
        }
        return m;
    }

    /** @return the hyper-parameters as {@code model.json} records them: every {@link Setting}, and what follows from each */
    public Map<String, Object> hyperparameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (RecordComponent c : COMPONENTS) {
            Setting s = c.getAnnotation(Setting.class);
            if (s == null) {
                continue;
            }
            m.put(s.card().isEmpty() ? key(c.getName(), s.key()) : s.card(), json(value(c.getName())));
            for (String method : s.then()) {
                m.put(key(method, ""), json(value(method)));
            }
        }
        return m;
    }

    /** @return {@code batch_size} for {@code batchSize}, unless the setting names its key */
    private static String key(String name, String given) {
        return given.isEmpty() ? name.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT) : given;
    }

    /** @return the value of the accessor (or other method without parameters) {@code name} */
    private Object value(String name) {
        try {
            return TrainingSettings.class.getMethod(name).invoke(this);
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("TrainingSettings." + name + "(): " + e, e);
        }
    }

    /** @return numbers, booleans and {@code null} as they are; anything else by its name (networks, optimizers, modes) */
    private static Object json(Object value) {
        return value == null || value instanceof Number || value instanceof Boolean ? value : value.toString();
    }
}
