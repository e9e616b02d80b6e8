import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import scratchnet.ml.ScratchnetClassifier;
import scratchnet.ml.ScratchnetModel;

/** jobs/README.md's example: fit on a table that is not MNIST, evaluate, save, load. */
public class FitEvaluateSaveLoad {
    public static void main(String[] args) throws Exception {
        SparkSession spark = SparkSession.builder().master("local[2]").appName("scratchnet example").getOrCreate();
        // three classes of points in the plane, in two partitions
        Dataset<Row> df = spark.range(0, 3000, 1, 2).selectExpr("array(id % 3 + randn(1) / 4, randn(2) / 4) AS features",
                "CAST(id % 3 AS DOUBLE) AS label");
        ScratchnetModel model = new ScratchnetClassifier().setLayers(new int[] {2, 8, 3}).setOptimizer("momentum")
                .setStepSize(0.1).setBatchSize(50).setMaxIter(500).setSeed(0L).fit(df);
        MulticlassClassificationEvaluator accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy");
        System.out.println("accuracy " + accuracy.evaluate(model.transform(df)));
        model.write().overwrite().save(args.length > 0 ? args[0] : "/tmp/scratchnet-model");
        ScratchnetModel loaded = ScratchnetModel.load(args.length > 0 ? args[0] : "/tmp/scratchnet-model");
        System.out.println("loaded " + accuracy.evaluate(loaded.transform(df)));
        spark.stop();
    }
}
