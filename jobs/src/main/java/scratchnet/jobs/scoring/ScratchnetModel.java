package scratchnet.jobs.scoring;

import java.util.List;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import scratchnet.core.BadInputException;
import scratchnet.core.net.Network;

/**
 * The book's network as a spark.ml {@link Model}: {@link #transform} adds {@code rawPrediction},
 * {@code probability} and {@code prediction} columns as MLlib's classifiers do, so it stands in a
 * {@code Pipeline} and feeds {@code MulticlassClassificationEvaluator}.
 * <ul>
 * <li>features: 784 pixels as {@code binary}, or 784 values in [0, 1] as {@code array<float>},
 *     {@code array<double>} or a vector;</li>
 * <li>probability: the softmax, a {@code DenseVector} of 10 (MLlib's type for it);</li>
 * <li>rawPrediction: the log of each probability (the output layer's scores less their
 *     log-sum-exp: its softmax is the probability, its argmax the prediction);</li>
 * <li>prediction: the digit, a double as in MLlib.</li>
 * </ul>
 * The weights are broadcast once per {@code transform}; each partition scores its rows in batches
 * of {@code batchSize} (the book's 100).
 */
public final class ScratchnetModel extends Model<ScratchnetModel> {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final Network network;
    private final Param<String> featuresCol;
    private final Param<String> rawPredictionCol;
    private final Param<String> probabilityCol;
    private final Param<String> predictionCol;
    private final IntParam batchSize;

    /** @param network the weights, e.g. from {@link NetworkFiles#read} */
    public ScratchnetModel(Network network) {
        this(Identifiable.randomUID("scratchnet"), network);
    }

    /**
     * @param uid     the model's unique id, as spark.ml names stages
     * @param network the weights
     */
    public ScratchnetModel(String uid, Network network) {
        this.uid = uid;
        this.network = network;
        featuresCol = new Param<>(this, "featuresCol", "features column name: binary (784 bytes), or array<float>, array<double> or vector (784 values in [0, 1])");
        rawPredictionCol = new Param<>(this, "rawPredictionCol", "raw prediction (log-probabilities) column name");
        probabilityCol = new Param<>(this, "probabilityCol", "column name for the predicted class probabilities (the softmax)");
        predictionCol = new Param<>(this, "predictionCol", "prediction column name");
        batchSize = new IntParam(this, "batchSize", "rows scored together, at least 1", ParamValidators.gtEq(1));
        setDefault(featuresCol, "features");
        setDefault(rawPredictionCol, "rawPrediction");
        setDefault(probabilityCol, "probability");
        setDefault(predictionCol, "prediction");
        setDefault(batchSize, 100);
    }

    @Override
    public String uid() {
        return uid;
    }

    /** @return the network it scores with */
    public Network network() {
        return network;
    }

    /** @return the features column's param */
    public Param<String> featuresCol() {
        return featuresCol;
    }

    /** @return the raw prediction column's param */
    public Param<String> rawPredictionCol() {
        return rawPredictionCol;
    }

    /** @return the probability column's param */
    public Param<String> probabilityCol() {
        return probabilityCol;
    }

    /** @return the prediction column's param */
    public Param<String> predictionCol() {
        return predictionCol;
    }

    /** @return the batch size's param */
    public IntParam batchSize() {
        return batchSize;
    }

    /** @return this, reading features from {@code column} */
    public ScratchnetModel setFeaturesCol(String column) {
        set(featuresCol, column);
        return this;
    }

    /** @return this, writing raw predictions to {@code column} */
    public ScratchnetModel setRawPredictionCol(String column) {
        set(rawPredictionCol, column);
        return this;
    }

    /** @return this, writing probabilities to {@code column} */
    public ScratchnetModel setProbabilityCol(String column) {
        set(probabilityCol, column);
        return this;
    }

    /** @return this, writing predictions to {@code column} */
    public ScratchnetModel setPredictionCol(String column) {
        set(predictionCol, column);
        return this;
    }

    /** @return this, scoring {@code rows} rows at a time */
    public ScratchnetModel setBatchSize(int rows) {
        set(batchSize, rows);
        return this;
    }

    /** @return the features column's name */
    public String getFeaturesCol() {
        return getOrDefault(featuresCol);
    }

    /** @return the prediction column's name */
    public String getPredictionCol() {
        return getOrDefault(predictionCol);
    }

    /** @return the probability column's name */
    public String getProbabilityCol() {
        return getOrDefault(probabilityCol);
    }

    /** @return the raw prediction column's name */
    public String getRawPredictionCol() {
        return getOrDefault(rawPredictionCol);
    }

    @Override
    public StructType transformSchema(StructType schema) {
        FeatureColumn.of(schema, getFeaturesCol());
        StructType out = schema;
        for (String column : List.of(getRawPredictionCol(), getProbabilityCol(), getPredictionCol())) {
            if (List.of(out.fieldNames()).contains(column)) {
                throw new BadInputException("column '" + column + "' already exists: name the model's output another way");
            }
        }
        return out.add(getRawPredictionCol(), SQLDataTypes.VectorType(), false)
                .add(getProbabilityCol(), SQLDataTypes.VectorType(), false)
                .add(getPredictionCol(), DataTypes.DoubleType, false);
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType schema = dataset.schema();
        StructType out = transformSchema(schema);
        String features = getFeaturesCol();
        BatchScoring scoring = new BatchScoring(FeatureColumn.of(schema, features), schema.fieldIndex(features), features,
                (Integer) getOrDefault(batchSize), broadcast(dataset));
        return dataset.toDF().mapPartitions(scoring, Encoders.row(out));
    }

    /** One broadcast of the weights per transform; the executors keep it for the dataset's lifetime. */
    private Broadcast<Network> broadcast(Dataset<?> dataset) {
        return JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext()).broadcast(network);
    }

    @Override
    public ScratchnetModel copy(ParamMap extra) {
        ScratchnetModel copy = copyValues(new ScratchnetModel(uid, network), extra);
        return copy.setParent(parent());
    }
}
