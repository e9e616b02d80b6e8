package scratchnet.ml;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

import scala.runtime.AbstractFunction1;

import scratchnet.core.BadInputException;
import scratchnet.core.data.SparseImages;
import scratchnet.core.net.Init;
import scratchnet.core.net.LayerSizes;
import scratchnet.core.net.Optimizer;
import scratchnet.core.net.Params;
import scratchnet.jobs.scoring.BatchScoring;
import scratchnet.jobs.scoring.FeatureColumn;
import scratchnet.jobs.training.Training;
import scratchnet.jobs.training.TrainingData;
import scratchnet.jobs.training.TrainingSettings;
import scratchnet.jobs.training.TrainingSettings.Engine;
import scratchnet.jobs.training.TrainingSettings.Sampling;

/**
 * The book's sigmoid/softmax network as a spark.ml estimator: {@link #fit} trains a
 * {@link ScratchnetModel} on any DataFrame with the project's own engine ({@code jobs.training}:
 * synchronous data-parallel mini-batch steps, the book's optimizers), so that the same params and
 * the same partitioning give the same weights, bit for bit.
 *
 * <p>Features are a vector (dense or sparse), {@code array<float>}, {@code array<double>} or
 * {@code binary} (bytes, each {@code byte / 255}, as MNIST tables hold images), as many values as
 * {@code layers[0]}; labels are the whole numbers {@code 0 … k-1}, {@code k} the last layer's
 * width. A row that is otherwise (a null, NaN, another width, a label out of range) stops the fit
 * with one {@link BadInputException} naming it. Each partition of the DataFrame is one part of
 * the training set (repartition it to change how many tasks train; with no more partitions than
 * the cluster has task slots, the steps run as synchronous barrier rounds).
 *
 * <pre>{@code
 * ScratchnetModel model = new ScratchnetClassifier().setLayers(new int[] {64, 50, 100, 10})
 *         .setOptimizer("momentum").setStepSize(0.1).setBatchSize(50).setMaxIter(3000).setSeed(0L).fit(df);
 * }</pre>
 */
public final class ScratchnetClassifier extends ProbabilisticClassifier<Vector, ScratchnetClassifier, ScratchnetModel>
        implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;
    /** The optimizers, by the names {@code train --optimizer} takes. */
    private static final List<String> OPTIMIZERS = Arrays.stream(Optimizer.Kind.values()).map(Object::toString).toList();

    /** Set on the first call of {@link #uid()}, from the super constructor: no initializer, which would run after it. */
    private String uid;
    private final IntArrayParam layers;
    private final Param<String> optimizer;
    private final DoubleParam stepSize;
    private final IntParam batchSize;
    private final IntParam maxIter;
    private final LongParam seed;
    private final Param<String> init;

    /** A classifier with the book's settings: 784-50-100-10, SGD at 0.1, batches of 100, 10,000 steps, seed 0, weights N(0, 0.01). */
    public ScratchnetClassifier() {
        this((Void) Uid.pending(null, "scratchnet"));
    }

    /** @param uid the stage's unique id, as spark.ml names stages (what {@link #load} gives it back) */
    public ScratchnetClassifier(String uid) {
        this(Uid.pending(uid, "scratchnet"));
    }

    private ScratchnetClassifier(Void pending) {
        uid();
        layers = new IntArrayParam(this, "layers", "layer widths, input first and classes last, as MultilayerPerceptronClassifier's: at least two, each positive",
                new Check<int[]>() {
                    @Override
                    boolean valid(int[] v) {
                        return v.length >= 2 && Arrays.stream(v).allMatch(w -> w > 0);
                    }
                });
        optimizer = new Param<>(this, "optimizer", "the optimizer: " + String.join(", ", OPTIMIZERS), ParamValidators.inArray(OPTIMIZERS));
        stepSize = new DoubleParam(this, "stepSize", "the learning rate, positive", ParamValidators.gt(0));
        batchSize = new IntParam(this, "batchSize", "examples per mini-batch, summed over partitions (the book's 100), at least 1",
                ParamValidators.gtEq(1));
        maxIter = new IntParam(this, "maxIter", "optimizer steps (the book's iters_num), at least 1", ParamValidators.gtEq(1));
        seed = new LongParam(this, "seed", "seeds the initial weights and every mini-batch");
        init = new Param<>(this, "init", "how weights start: a standard deviation (the book's 0.01), xavier or he", new Check<String>() {
            @Override
            boolean valid(String v) {
                try {
                    Init.parse(v);
                    return true;
                } catch (BadInputException e) {
                    return false;
                }
            }
        });
        setDefault(layers, LayerSizes.BOOK.sizes());
        setDefault(optimizer, "sgd");
        setDefault(stepSize, 0.1);
        setDefault(batchSize, 100);
        setDefault(maxIter, TrainingSettings.DEFAULT_ITERATIONS);
        setDefault(seed, 0L);
        setDefault(init, Init.BOOK.name());
    }

    /** A validity check as spark.ml takes it (a Scala function), serializable with its param. */
    private abstract static class Check<T> extends AbstractFunction1<T, Object> implements java.io.Serializable {
        private static final long serialVersionUID = 1L;

        abstract boolean valid(T value);

        @Override
        public Object apply(T value) {
            return value != null && valid(value);
        }
    }

    @Override
    public String uid() {
        if (uid == null) {
            uid = Uid.take();
        }
        return uid;
    }

    /** @return the layer widths' param */
    public IntArrayParam layers() {
        return layers;
    }

    /** @return the optimizer's param */
    public Param<String> optimizer() {
        return optimizer;
    }

    /** @return the learning rate's param */
    public DoubleParam stepSize() {
        return stepSize;
    }

    /** @return the mini-batch size's param */
    public IntParam batchSize() {
        return batchSize;
    }

    /** @return the steps' param */
    public IntParam maxIter() {
        return maxIter;
    }

    /** @return the seed's param */
    public LongParam seed() {
        return seed;
    }

    /** @return the initial weights' param */
    public Param<String> init() {
        return init;
    }

    /** @return the layer widths, input first */
    public int[] getLayers() {
        return getOrDefault(layers);
    }

    /** @return the optimizer's name */
    public String getOptimizer() {
        return getOrDefault(optimizer);
    }

    /** @return the learning rate */
    public double getStepSize() {
        return (Double) getOrDefault(stepSize);
    }

    /** @return examples per mini-batch */
    public int getBatchSize() {
        return (Integer) getOrDefault(batchSize);
    }

    /** @return the optimizer steps */
    public int getMaxIter() {
        return (Integer) getOrDefault(maxIter);
    }

    /** @return the seed */
    public long getSeed() {
        return (Long) getOrDefault(seed);
    }

    /** @return how weights start: a standard deviation, {@code xavier} or {@code he} */
    public String getInit() {
        return getOrDefault(init);
    }

    /** @return this, with these layer widths: input first, classes last */
    public ScratchnetClassifier setLayers(int[] value) {
        set(layers, value);
        return this;
    }

    /** @return this, with this optimizer: {@code sgd}, {@code momentum}, {@code adagrad} or {@code adam} */
    public ScratchnetClassifier setOptimizer(String value) {
        set(optimizer, value.toLowerCase(Locale.ROOT));
        return this;
    }

    /** @return this, with this learning rate */
    public ScratchnetClassifier setStepSize(double value) {
        set(stepSize, value);
        return this;
    }

    /** @return this, with this many examples per mini-batch */
    public ScratchnetClassifier setBatchSize(int value) {
        set(batchSize, value);
        return this;
    }

    /** @return this, taking this many optimizer steps */
    public ScratchnetClassifier setMaxIter(int value) {
        set(maxIter, value);
        return this;
    }

    /** @return this, with this seed */
    public ScratchnetClassifier setSeed(long value) {
        set(seed, value);
        return this;
    }

    /** @return this, weights starting as given: a standard deviation such as {@code 0.01}, {@code xavier} or {@code he} */
    public ScratchnetClassifier setInit(String value) {
        set(init, value.toLowerCase(Locale.ROOT));
        return this;
    }

    /** @return this, weights starting Gaussian with this standard deviation (the book's {@code weight_init_std}) */
    public ScratchnetClassifier setInitStd(double std) {
        return setInit(Double.toString(std));
    }

    @Override
    public StructType transformSchema(StructType schema) {
        if (!List.of(schema.fieldNames()).contains(getLabelCol())) {
            throw new BadInputException("no label column '" + getLabelCol() + "' (the table has " + String.join(", ", schema.fieldNames()) + ")");
        }
        return BatchScoring.outputSchema(schema, getFeaturesCol(), getRawPredictionCol(), getProbabilityCol(), getPredictionCol());
    }

    /**
     * Trains on the rows of {@code dataset}, as they are partitioned, with the project's engine.
     *
     * @throws BadInputException when a column or a row is not as the params say, naming it
     */
    @Override
    public ScratchnetModel train(Dataset<?> dataset) {
        LayerSizes sizes = new LayerSizes(getLayers());
        FeatureColumn kind = FeatureColumn.of(dataset.schema(), getFeaturesCol());
        JavaRDD<org.apache.spark.sql.Row> rows = TrainingTables.select(dataset, getFeaturesCol(), getLabelCol(), "fit");
        JavaRDD<SparseImages> train = TrainingTables.parts(rows, kind, new String[] {getFeaturesCol(), getLabelCol()}, sizes.inputSize(),
                sizes.outputSize(), null, "fit").setName("fit " + uid() + ": training set");
        int parts = train.getNumPartitions();
        int width = sizes.inputSize();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
        // no test set: the loop's epoch accuracy counts nothing
        JavaRDD<SparseImages> none = train.mapPartitions(it -> List.of(SparseImages.of(0, width, new byte[0], new int[0])).iterator(), true);
        TrainingData data;
        try {
            data = TrainingData.ofParts(train, none);
        } catch (Exception e) {
            throw badInput(e);
        }
        try {
            if (data.trainCount() == 0) {
                throw new BadInputException("fit: the DataFrame has no rows");
            }
            TrainingSettings settings = new TrainingSettings(sizes, Optimizer.Kind.parse(getOptimizer()), getStepSize(), getBatchSize(),
                    (long) getMaxIter(), null, Init.parse(getInit()), getSeed(), parts, 1, Sampling.REPLACEMENT, 0, null, false,
                    Engine.BARRIER, null).forData(data.trainCount(), parts);
            PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
            Training.Result result = new Training(sc, settings, data, null, quiet, quiet).run(null);
            return new ScratchnetModel(uid(), Params.network(sizes, result.params()));
        } catch (RuntimeException e) {
            throw badInput(e);
        } catch (Exception e) {
            throw new IllegalStateException("fit: " + e.getMessage(), e);
        } finally {
            data.release();
        }
    }

    /** @return the first {@link BadInputException} among the causes (a task's, through Spark's), or the exception itself */
    private static RuntimeException badInput(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BadInputException b) {
                return b;
            }
        }
        return e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }

    @Override
    public ScratchnetClassifier copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    /** @return what reads a saved classifier (its params), as MLlib's estimators have it */
    public static MLReader<ScratchnetClassifier> read() {
        return new DefaultParamsReader<>();
    }

    /**
     * @param path the directory {@code write().save(path)} wrote
     * @return the classifier saved there
     */
    public static ScratchnetClassifier load(String path) {
        return read().load(path);
    }
}
