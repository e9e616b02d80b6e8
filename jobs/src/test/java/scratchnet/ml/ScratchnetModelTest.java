package scratchnet.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import scratchnet.core.BadInputException;
import scratchnet.core.TestData;
import scratchnet.core.data.MnistSet;
import scratchnet.core.io.WeightsFile;
import scratchnet.core.net.Network;
import scratchnet.jobs.io.MnistBatch;
import scratchnet.jobs.scoring.MnistTables;

/** {@link ScratchnetModel} as spark.ml uses a model: transform, params, Pipeline, evaluator. */
class ScratchnetModelTest {
    private static Network network;

    @BeforeAll
    static void setUp() {
        network = WeightsFile.readNetwork(TestData.sampleWeights());
    }

    @Test
    void theEvaluatorGivesTheBooksAccuracyThroughAPipeline() {
        Dataset<Row> images = MnistTables.images(10_000, false);
        ScratchnetModel model = new ScratchnetModel(network).setFeaturesCol("image");
        SQLTransformer digits = new SQLTransformer().setStatement("SELECT *, CAST(prediction AS INT) AS digit FROM __THIS__");
        PipelineModel pipeline = new Pipeline().setStages(new PipelineStage[] {model, digits}).fit(images);
        Dataset<Row> scored = pipeline.transform(images);
        double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(scored);
        assertEquals(0.9352, accuracy, 1e-12);
        assertEquals(9352, scored.filter("digit = label").count());
    }

    @Test
    void addsRawPredictionProbabilityAndPredictionAsMllibsClassifiersDo() {
        StructType schema = new ScratchnetModel(network).setFeaturesCol("image").transformSchema(MnistTables.images(1, false).schema());
        assertEquals(SQLDataTypes.VectorType(), schema.apply("rawPrediction").dataType());
        assertEquals(SQLDataTypes.VectorType(), schema.apply("probability").dataType());
        assertEquals(DataTypes.DoubleType, schema.apply("prediction").dataType());

        Row row = new ScratchnetModel(network).setFeaturesCol("image").transform(MnistTables.images(1, false)).first();
        DenseVector p = (DenseVector) row.getAs("probability");
        float[] x = MnistSet.normalize(MnistTables.testSet().images(), 0, MnistSet.PIXELS);
        float[] expected = network.predict(x);
        float[] logits = network.logitsBatch(x, 0, 1);
        for (int k = 0; k < 10; k++) {
            assertEquals(expected[k], (float) p.apply(k));
            // the real logits, not log(probability): finite where a probability underflows to 0
            assertEquals(logits[k], ((Vector) row.getAs("rawPrediction")).apply(k));
        }
        assertEquals(7.0, row.<Double>getAs("prediction")); // the first test image is a 7
    }

    @Test
    void everyFeatureTypeAndBatchSizeGivesTheSameProbabilities() {
        int n = 250;
        MnistBatch all = MnistTables.testSet();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] x = MnistSet.normalize(all.images(), i * MnistSet.PIXELS, (i + 1) * MnistSet.PIXELS);
            double[] d = new double[x.length];
            for (int j = 0; j < x.length; j++) {
                d[j] = x[j];
            }
            rows.add(RowFactory.create(Vectors.dense(d)));
        }
        Dataset<Row> vectors = MnistTables.spark().createDataFrame(rows, new StructType().add("features", SQLDataTypes.VectorType()));
        List<Row> fromVectors = new ScratchnetModel(network).setBatchSize(7).transform(vectors).select("probability").collectAsList();
        List<Row> fromFloats = new ScratchnetModel(network).setFeaturesCol("image").transform(MnistTables.images(n, true))
                .select("probability").collectAsList();
        List<Row> fromBytes = new ScratchnetModel(network).setFeaturesCol("image").setBatchSize(1000).transform(MnistTables.images(n, false))
                .select("probability").collectAsList();
        float[] expected = network.predictBatch(MnistSet.normalize(all.images(), 0, n * MnistSet.PIXELS), 0, n);
        for (int i = 0; i < n; i++) {
            for (List<Row> got : List.of(fromVectors, fromFloats, fromBytes)) {
                double[] p = ((Vector) got.get(i).get(0)).toArray();
                for (int k = 0; k < 10; k++) {
                    assertEquals(expected[i * 10 + k], (float) p[k], "image " + i);
                }
            }
        }
    }

    @Test
    void paramsAreSparkMlParamsAndCopyKeepsThem() {
        ScratchnetModel model = new ScratchnetModel(network).setPredictionCol("digit").setProbabilityCol("p");
        // MLlib's classification model's params, and batchSize
        assertEquals(List.of("batchSize", "featuresCol", "labelCol", "predictionCol", "probabilityCol", "rawPredictionCol", "thresholds"),
                java.util.Arrays.stream(model.params()).map(org.apache.spark.ml.param.Param::name).sorted().toList());
        ScratchnetModel copy = model.copy(new ParamMap().put(model.featuresCol(), "pixels"));
        assertEquals(model.uid(), copy.uid());
        assertEquals("pixels", copy.getFeaturesCol());
        assertEquals("digit", copy.getPredictionCol());
        assertEquals("p", copy.getProbabilityCol());
        assertEquals("features", model.getFeaturesCol());
        assertTrue(model.explainParams().contains("batchSize"));
        assertArrayEquals(network.weights(0), copy.network().weights(0));
    }

    @Test
    void aFeaturesColumnOfAnotherTypeIsBadInput() {
        Dataset<Row> labels = MnistTables.images(3, false).select("label");
        BadInputException e = assertThrows(BadInputException.class, () -> new ScratchnetModel(network).setFeaturesCol("label").transform(labels));
        assertTrue(e.getMessage().contains("column 'label' is int"), e.getMessage());
        assertThrows(BadInputException.class, () -> new ScratchnetModel(network).setFeaturesCol("image").setPredictionCol("label")
                .transform(MnistTables.images(3, false)));
    }
}
