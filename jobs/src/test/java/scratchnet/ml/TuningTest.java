package scratchnet.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.ml.tuning.TrainValidationSplit;
import org.apache.spark.ml.tuning.TrainValidationSplitModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** MLlib's own tuning: {@code CrossValidator} and {@code TrainValidationSplit} over the classifier's params, in parallel. */
class TuningTest {
    private static Dataset<Row> blobs;

    @BeforeAll
    static void data() {
        blobs = Blobs.table(1200, 12, 3, 13).cache();
    }

    /** 20 steps of 30 rows: less than an epoch of a fold, one synchronous round. */
    private static ScratchnetClassifier classifier() {
        return new ScratchnetClassifier().setLayers(new int[] {12, 10, 3}).setBatchSize(30).setMaxIter(20).setSeed(1L).setInit("xavier");
    }

    private static MulticlassClassificationEvaluator accuracy() {
        return new MulticlassClassificationEvaluator().setMetricName("accuracy");
    }

    @Test
    void crossValidationRanksTheBetterStepSizeFirst() {
        ScratchnetClassifier c = classifier();
        ParamMap[] grid = new ParamGridBuilder().addGrid(c.stepSize(), new double[] {0.001, 0.5}).build();
        CrossValidatorModel cv = new CrossValidator().setEstimator(c).setEstimatorParamMaps(grid).setEvaluator(accuracy()).setNumFolds(2)
                .setSeed(3L).setParallelism(2).fit(blobs);
        double[] metrics = cv.avgMetrics();
        assertEquals(0.001, (Double) grid[0].apply(c.stepSize()));
        assertTrue(metrics[1] > metrics[0] + 0.3, "accuracy with step 0.5 against 0.001: " + metrics[1] + ", " + metrics[0]);
        ScratchnetModel best = (ScratchnetModel) cv.bestModel();
        assertEquals(0.5, ((ScratchnetClassifier) best.parent()).getStepSize());
        assertTrue(accuracy().evaluate(best.transform(blobs)) > 0.9);
    }

    @Test
    void trainValidationSplitTunesLayersAndOptimizer() {
        ScratchnetClassifier c = classifier().setStepSize(0.3);
        ParamMap[] grid = new ParamGridBuilder().addGrid(c.optimizer(), scala.jdk.javaapi.CollectionConverters.asScala(
                        java.util.List.of("sgd", "momentum")))
                .addGrid(c.layers(), scala.jdk.javaapi.CollectionConverters.asScala(java.util.List.of(new int[] {12, 3}, new int[] {12, 1, 3})))
                .build();
        TrainValidationSplitModel tvs = new TrainValidationSplit().setEstimator(c).setEstimatorParamMaps(grid).setEvaluator(accuracy())
                .setTrainRatio(0.7).setSeed(3L).setParallelism(2).fit(blobs);
        assertEquals(4, tvs.validationMetrics().length);
        ScratchnetClassifier parent = (ScratchnetClassifier) tvs.bestModel().parent();
        // a hidden layer of one unit cannot tell three classes apart
        assertArrayEquals(new int[] {12, 3}, parent.getLayers());
    }
}
