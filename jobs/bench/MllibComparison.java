import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.apache.spark.ml.Model;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import scratchnet.core.data.Mnist;
import scratchnet.core.data.MnistSet;
import scratchnet.ml.ScratchnetClassifier;

/**
 * ScratchnetClassifier against MLlib's MultilayerPerceptronClassifier on MNIST from Parquet tables
 * (jobs/bench/mllib_vs_scratchnet.sh runs it): both fit 784-50-100-10 on the same 60,000 rows in the
 * same partitions, each at a few lengths; the test accuracy of each fit on the 10,000 test rows, and
 * the rows/s of each model's transform on them (median of five, forced by Spark's noop writer). A
 * short fit of each, not timed, comes first: the first fit of a JVM compiles its kernels.
 *
 * Arguments: MNIST_DIR WORK_DIR PARTITIONS SCRATCHNET_STEPS(comma-separated) MLPC_ITERS(comma-separated)
 */
public class MllibComparison {
    public static void main(String[] args) throws Exception {
        SparkSession spark = SparkSession.builder().appName("scratchnet vs MLPC").getOrCreate();
        Path mnist = Path.of(args[0]);
        Path work = Path.of(args[1]);
        int partitions = Integer.parseInt(args[2]);
        Files.createDirectories(work);
        String trainTable = table(spark, mnist, work, true);
        String testTable = table(spark, mnist, work, false);
        Dataset<Row> train = spark.read().parquet(trainTable).repartition(partitions).cache();
        Dataset<Row> test = spark.read().parquet(testTable).repartition(partitions).cache();
        System.out.printf(Locale.ROOT, "tables: %d training rows, %d test rows, %d partitions, master %s%n", train.count(), test.count(),
                train.rdd().getNumPartitions(), spark.sparkContext().master());
        MulticlassClassificationEvaluator accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy");
        // not timed: each side's first fit compiles its kernels and loads its classes
        new ScratchnetClassifier().setFeaturesCol("image").setMaxIter(200).fit(train).transform(test).count();
        new ScratchnetClassifier().setFeaturesCol("features").setMaxIter(200).fit(train).transform(test).count();
        new MultilayerPerceptronClassifier().setLayers(new int[] {784, 50, 100, 10}).setMaxIter(2).fit(train).transform(test).count();
        System.out.println("| model | length | fit s | test accuracy | transform rows/s |");
        System.out.println("|---|---|---|---|---|");
        for (String steps : args[3].split(",")) {
            for (String column : List.of("image", "features")) {
                ScratchnetClassifier c = new ScratchnetClassifier().setFeaturesCol(column).setOptimizer("momentum").setInit("xavier")
                        .setStepSize(0.1).setBatchSize(100).setMaxIter(Integer.parseInt(steps)).setSeed(0L);
                report(String.format("ScratchnetClassifier, momentum 0.1, batch 100, xavier (%s)",
                        column.equals("image") ? "binary column" : "vector column"), steps + " steps", c::fit, train, test, accuracy);
            }
        }
        for (String iters : args[4].split(",")) {
            MultilayerPerceptronClassifier m = new MultilayerPerceptronClassifier().setLayers(new int[] {784, 50, 100, 10})
                    .setMaxIter(Integer.parseInt(iters)).setSeed(0L);
            report("MultilayerPerceptronClassifier (l-bfgs, blockSize 128)", iters + " iterations", m::fit, train, test, accuracy);
        }
        spark.stop();
    }

    interface Fit {
        Model<?> fit(Dataset<?> data);
    }

    private static void report(String name, String length, Fit fit, Dataset<Row> train, Dataset<Row> test,
                               MulticlassClassificationEvaluator accuracy) {
        long start = System.nanoTime();
        Model<?> model = fit.fit(train);
        double fitSeconds = (System.nanoTime() - start) / 1e9;
        double acc = accuracy.evaluate(model.transform(test));
        double[] rates = new double[5];
        for (int i = 0; i < rates.length; i++) {
            long t = System.nanoTime();
            model.transform(test).select("prediction", "probability").write().format("noop").mode("overwrite").save();
            rates[i] = test.count() / ((System.nanoTime() - t) / 1e9);
        }
        Arrays.sort(rates);
        System.out.printf(Locale.ROOT, "| %s | %s | %.1f | %.4f | %,.0f |%n", name, length, fitSeconds, acc, rates[2]);
    }

    /** MNIST's split as a Parquet table (written once): label (double), image (binary, 784 bytes), features (sparse vector, byte / 255). */
    private static String table(SparkSession spark, Path mnist, Path work, boolean trainSplit) {
        Path out = work.resolve(trainSplit ? "mnist-train.parquet" : "mnist-test.parquet");
        if (Files.isDirectory(out)) {
            return out.toString();
        }
        MnistSet set = Mnist.readSet(mnist, trainSplit);
        List<Row> rows = new ArrayList<>(set.count());
        for (int i = 0; i < set.count(); i++) {
            byte[] image = Arrays.copyOfRange(set.images(), i * MnistSet.PIXELS, (i + 1) * MnistSet.PIXELS);
            double[] x = new double[MnistSet.PIXELS];
            for (int k = 0; k < x.length; k++) {
                x[k] = (image[k] & 0xff) / 255.0;
            }
            rows.add(RowFactory.create((double) set.label(i), image, Vectors.dense(x).toSparse()));
        }
        StructType schema = new StructType().add("label", DataTypes.DoubleType, false).add("image", DataTypes.BinaryType, false)
                .add("features", SQLDataTypes.VectorType(), false);
        spark.createDataFrame(rows, schema).coalesce(1).write().parquet(out.toString());
        return out.toString();
    }
}
