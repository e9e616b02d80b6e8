package scratchnet.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.Param;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import scratchnet.core.BadInputException;
import scratchnet.core.math.Activations;
import scratchnet.core.net.Params;
import scratchnet.jobs.training.TrainingFixture;

/** {@link ScratchnetClassifier}: MLlib's params, and {@code fit} on a table that is not MNIST, with the project's engine. */
class ScratchnetClassifierTest {
    private static Dataset<Row> blobs;

    @BeforeAll
    static void data() {
        blobs = Blobs.table(1200, 12, 3, 7).cache();
    }

    /** 60 steps of 20 rows: one epoch of the 1,200 rows, one synchronous round. */
    private static ScratchnetClassifier small() {
        return new ScratchnetClassifier().setLayers(new int[] {12, 16, 3}).setOptimizer("momentum").setStepSize(0.1).setBatchSize(20)
                .setMaxIter(60).setSeed(3L).setInit("xavier");
    }

    @Test
    void everyParamHasItsMethodGetterSetterDefaultAndCheck() {
        ScratchnetClassifier c = new ScratchnetClassifier();
        assertArrayEquals(new int[] {784, 50, 100, 10}, c.getLayers());
        assertEquals("sgd", c.getOptimizer());
        assertEquals(0.1, c.getStepSize());
        assertEquals(100, c.getBatchSize());
        assertEquals(10_000, c.getMaxIter());
        assertEquals(0L, c.getSeed());
        assertEquals("0.01", c.getInit());
        assertEquals("features", c.getFeaturesCol());
        assertEquals("label", c.getLabelCol());
        assertEquals("prediction", c.getPredictionCol());
        assertEquals("probability", c.getProbabilityCol());
        assertEquals("rawPrediction", c.getRawPredictionCol());
        for (Param<?> p : List.of(c.layers(), c.optimizer(), c.stepSize(), c.batchSize(), c.maxIter(), c.seed(), c.init())) {
            assertTrue(c.hasDefault(p), p.name());
            assertEquals(c.uid(), p.parent(), p.name());
        }
        ScratchnetClassifier set = c.setLayers(new int[] {4, 3}).setOptimizer("Adam").setStepSize(0.001).setBatchSize(7).setMaxIter(9)
                .setSeed(5L).setInitStd(0.05).setFeaturesCol("x").setLabelCol("y");
        assertEquals(c, set);
        assertEquals("adam", c.getOptimizer());
        assertEquals("0.05", c.getInit());
        assertEquals("x", c.getFeaturesCol());
        assertThrows(IllegalArgumentException.class, () -> c.setOptimizer("lbfgs"));
        assertThrows(IllegalArgumentException.class, () -> c.setStepSize(0));
        assertThrows(IllegalArgumentException.class, () -> c.setBatchSize(0));
        assertThrows(IllegalArgumentException.class, () -> c.setMaxIter(0));
        assertThrows(IllegalArgumentException.class, () -> c.setLayers(new int[] {784}));
        assertThrows(IllegalArgumentException.class, () -> c.setLayers(new int[] {784, 0, 10}));
        assertThrows(IllegalArgumentException.class, () -> c.setInit("uniform"));
        ScratchnetClassifier copy = c.copy(new org.apache.spark.ml.param.ParamMap().put(c.stepSize(), 0.5));
        assertEquals(0.5, copy.getStepSize());
        assertEquals(9, copy.getMaxIter());
    }

    @Test
    void fitsATableThatIsNotMnistTheSameBitsEveryTimeFromEveryVectorForm() {
        ScratchnetModel model = small().fit(blobs);
        assertEquals(3, model.numClasses());
        assertEquals(12, model.numFeatures());
        Dataset<Row> scored = model.transform(blobs);
        double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(scored);
        assertTrue(accuracy > 0.95, "accuracy " + accuracy);

        float[][] weights = Params.of(model.network());
        TrainingFixture.assertSameWeights(weights, Params.of(small().fit(blobs).network()), "on a second fit");
        // dense and sparse vectors and arrays hold the same values: the same training
        TrainingFixture.assertSameWeights(weights, Params.of(small().setFeaturesCol("sparse").fit(blobs).network()), "from sparse vectors");
        TrainingFixture.assertSameWeights(weights, Params.of(small().setFeaturesCol("values").fit(blobs).network()), "from array<double>");
    }

    @Test
    void rawPredictionIsTheLogitsAndPredictsAsTransform() {
        ScratchnetModel model = small().setMaxIter(20).fit(blobs);
        Row row = model.transform(blobs.limit(1)).first();
        Vector raw = row.getAs("rawPrediction");
        Vector p = row.getAs("probability");
        double[] softmax = Activations.softmax(raw.toArray());
        for (int k = 0; k < 3; k++) {
            assertEquals(p.apply(k), softmax[k], 1e-6);
        }
        Vector features = row.getAs("features");
        assertArrayEquals(raw.toArray(), model.predictRaw(features).toArray());
        assertEquals(row.<Double>getAs("prediction"), model.predict(features));
    }

    @Test
    void aBadRowIsOneErrorNamingIt() {
        java.util.function.Supplier<ScratchnetClassifier> c = () -> small().setMaxIter(2);
        Dataset<Row> outOfRange = blobs.withColumn("label", functions.when(functions.col("label").equalTo(2), 3.0).otherwise(functions.col("label")));
        BadInputException e = assertThrows(BadInputException.class, () -> c.get().fit(outOfRange));
        assertTrue(e.getMessage().matches("fit, row \\d+ of partition \\d: column 'label': label 3.0 is not a class 0-2 .*"), e.getMessage());
        Dataset<Row> fraction = blobs.withColumn("label", functions.col("label").plus(0.5));
        assertThrows(BadInputException.class, () -> c.get().fit(fraction));
        Dataset<Row> nan = blobs.withColumn("label", functions.lit(Double.NaN));
        assertTrue(assertThrows(BadInputException.class, () -> c.get().fit(nan)).getMessage().contains("label NaN"));
        Dataset<Row> nulls = blobs.withColumn("label", functions.lit(null).cast("double"));
        assertTrue(assertThrows(BadInputException.class, () -> c.get().fit(nulls)).getMessage().contains("the label is null"));
        BadInputException wide = assertThrows(BadInputException.class, () -> c.get().setLayers(new int[] {13, 3}).fit(blobs));
        // whichever partition's task fails first is named
        assertTrue(wide.getMessage().matches("fit, row 0 of partition \\d: column 'features': an image of 12 values, expected 13 .*"), wide.getMessage());
        Dataset<Row> nanFeature = blobs.withColumn("values", functions.array_repeat(functions.lit(Double.NaN), 12));
        assertTrue(assertThrows(BadInputException.class, () -> c.get().setFeaturesCol("values").fit(nanFeature)).getMessage()
                .contains("value 0 is NaN"));
        assertTrue(assertThrows(BadInputException.class, () -> c.get().setFeaturesCol("label").fit(blobs)).getMessage()
                .contains("column 'label' is double"));
    }
}
