package scratchnet.ml;

import java.io.ByteArrayOutputStream;

import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

import scala.Option;

import scratchnet.core.io.WeightsFile;
import scratchnet.core.math.Activations;
import scratchnet.core.net.Network;
import scratchnet.jobs.io.HadoopFiles;
import scratchnet.jobs.io.HadoopOutput;
import scratchnet.jobs.scoring.BatchScoring;
import scratchnet.jobs.scoring.FeatureColumn;
import scratchnet.jobs.scoring.NetworkFiles;

/**
 * The book's sigmoid/softmax network as a spark.ml classification model: {@link #transform} adds
 * {@code rawPrediction}, {@code probability} and {@code prediction} columns as MLlib's classifiers
 * do, so it stands in a {@code Pipeline}, feeds {@code MulticlassClassificationEvaluator} and saves
 * with it.
 * <ul>
 * <li>features: as many values as the network's input is wide (784 pixels for MNIST), as
 *     {@code binary} (bytes, each {@code byte / 255}), {@code array<float>}, {@code array<double>}
 *     or a vector, dense or sparse (values as they are);</li>
 * <li>rawPrediction: the output layer's scores (the logits), a {@code DenseVector};</li>
 * <li>probability: their softmax, a {@code DenseVector} (MLlib's type for it);</li>
 * <li>prediction: the class, a double as in MLlib; {@code thresholds} is not used.</li>
 * </ul>
 * The weights are broadcast once per {@code transform}; each partition scores its rows in batches
 * of {@code batchSize} (the book's 100). {@code write().save(dir)} keeps the params as MLlib does
 * ({@code metadata/}) and the weights as {@code data/weights.npz}, which {@code --weights dir}
 * reads too; {@link #load} reads it back.
 */
public final class ScratchnetModel extends ProbabilisticClassificationModel<Vector, ScratchnetModel> implements MLWritable {
    private static final long serialVersionUID = 1L;

    /** Set on the first call of {@link #uid()}, from the super constructor: no initializer, which would run after it. */
    private String uid;
    private final Network network;
    private final IntParam batchSize;

    /** @param network the weights, e.g. from {@link NetworkFiles#read} */
    public ScratchnetModel(Network network) {
        this(Uid.pending(null, "scratchnet"), network);
    }

    /**
     * @param uid     the model's unique id, as spark.ml names stages
     * @param network the weights
     */
    public ScratchnetModel(String uid, Network network) {
        this(Uid.pending(uid, "scratchnet"), network);
    }

    private ScratchnetModel(Void pending, Network network) {
        uid();
        this.network = network;
        batchSize = new IntParam(this, "batchSize", "rows scored together, at least 1", ParamValidators.gtEq(1));
        setDefault(batchSize, 100);
    }

    @Override
    public String uid() {
        if (uid == null) {
            uid = Uid.take();
        }
        return uid;
    }

    /** @return the network it scores with */
    public Network network() {
        return network;
    }

    /** @return the batch size's param */
    public IntParam batchSize() {
        return batchSize;
    }

    /** @return rows scored together */
    public int getBatchSize() {
        return (Integer) getOrDefault(batchSize);
    }

    /** @return this, scoring {@code rows} rows at a time */
    public ScratchnetModel setBatchSize(int rows) {
        set(batchSize, rows);
        return this;
    }

    /** @return this, reading features from {@code column} */
    @Override
    public ScratchnetModel setFeaturesCol(String column) {
        set(featuresCol(), column);
        return this;
    }

    /** @return this, writing raw predictions (logits) to {@code column} */
    @Override
    public ScratchnetModel setRawPredictionCol(String column) {
        set(rawPredictionCol(), column);
        return this;
    }

    /** @return this, writing probabilities to {@code column} */
    @Override
    public ScratchnetModel setProbabilityCol(String column) {
        set(probabilityCol(), column);
        return this;
    }

    /** @return this, writing predictions to {@code column} */
    @Override
    public ScratchnetModel setPredictionCol(String column) {
        set(predictionCol(), column);
        return this;
    }

    @Override
    public int numClasses() {
        return network.sizes().outputSize();
    }

    @Override
    public int numFeatures() {
        return network.sizes().inputSize();
    }

    /** @return the logits of one row */
    @Override
    public Vector predictRaw(Vector features) {
        float[] x = new float[numFeatures()];
        FeatureColumn.VECTOR.read(org.apache.spark.sql.RowFactory.create(features), 0, "features", x, 0, x.length);
        float[] logits = network.logitsBatch(x, 0, 1);
        double[] out = new double[logits.length];
        for (int k = 0; k < out.length; k++) {
            out[k] = logits[k];
        }
        return Vectors.dense(out);
    }

    /** @return the softmax of logits, in place */
    @Override
    public Vector raw2probabilityInPlace(Vector rawPrediction) {
        DenseVector dense = (DenseVector) rawPrediction;
        Activations.softmaxInPlace(dense.values(), 0, dense.size());
        return dense;
    }

    /** The same as both superclasses': Java must say which it inherits. */
    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public scala.Tuple3 findSummaryModel() {
        return super.findSummaryModel();
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return BatchScoring.outputSchema(schema, getFeaturesCol(), getRawPredictionCol(), getProbabilityCol(), getPredictionCol());
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        return BatchScoring.transform(dataset, network, getBatchSize(), getFeaturesCol(), getRawPredictionCol(), getProbabilityCol(),
                getPredictionCol());
    }

    @Override
    public ScratchnetModel copy(ParamMap extra) {
        ScratchnetModel copy = copyValues(new ScratchnetModel(uid(), network), extra);
        return copy.setParent(parent());
    }

    @Override
    public MLWriter write() {
        return new Writer(this);
    }

    /** @return what reads a saved model, as MLlib's models have it ({@code PipelineModel.load} calls it) */
    public static MLReader<ScratchnetModel> read() {
        return new Reader();
    }

    /**
     * @param path the directory {@code write().save(path)} wrote
     * @return the model saved there
     */
    public static ScratchnetModel load(String path) {
        return read().load(path);
    }

    /** Saves the params as MLlib does and the weights as {@code .npz} beside them. */
    private static final class Writer extends MLWriter {
        private final ScratchnetModel model;

        Writer(ScratchnetModel model) {
            this.model = model;
        }

        @Override
        public void saveImpl(String path) {
            DefaultParamsWriter.saveMetadata(model, path, sparkSession());
            ByteArrayOutputStream npz = new ByteArrayOutputStream();
            WeightsFile.writeNpz(model.network.toArrays(), npz);
            byte[] bytes = npz.toByteArray();
            HadoopOutput.writeAtomically(new Path(path, NetworkFiles.SAVED_WEIGHTS).toString(), true, sc().hadoopConfiguration(),
                    o -> o.write(bytes));
        }
    }

    /** Reads what {@link Writer} saved; the weights are checked as any weights file is. */
    private static final class Reader extends MLReader<ScratchnetModel> {
        @Override
        public ScratchnetModel load(String path) {
            DefaultParamsReader.Metadata metadata = DefaultParamsReader.loadMetadata(path, sparkSession(), NetworkFiles.SAVED_MODEL_CLASS);
            String weights = new Path(path, NetworkFiles.SAVED_WEIGHTS).toString();
            Network network = Network.fromArrays(WeightsFile.readArrays(HadoopFiles.readAll(weights, sc().hadoopConfiguration()), weights),
                    weights, false);
            ScratchnetModel model = new ScratchnetModel(metadata.uid(), network);
            metadata.getAndSetParams(model, Option.empty());
            return model;
        }
    }
}
