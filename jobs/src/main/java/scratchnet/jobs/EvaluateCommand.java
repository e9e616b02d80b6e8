package scratchnet.jobs;

import java.io.PrintStream;
import java.util.Locale;

import org.apache.spark.api.java.JavaSparkContext;

import scratchnet.core.io.WeightsFile;
import scratchnet.core.net.Network;
import scratchnet.core.text.PythonFormat;

/**
 * {@code evaluate}: the book's batch inference over the MNIST test set as a Spark job. Prints
 * {@code Accuracy:0.9352} on its own line, then a summary. Without {@code --weights} it evaluates
 * the project's own model ({@link ProjectModel}).
 */
public final class EvaluateCommand implements Command {

    @Override
    public String name() {
        return "evaluate";
    }

    @Override
    public String synopsis() {
        return "[--data URI] [--weights FILE] [--batch-size N] [--partitions N] [--min-accuracy X]";
    }

    @Override
    public void run(Options options, PrintStream out, PrintStream err) throws Exception {
        String data = options.string("data", null);
        String weightsUri = options.string("weights", null);
        int batchSize = options.integer("batch-size", 100, 1);
        int partitions = options.integer("partitions", 0, 1);
        double minAccuracy = options.number("min-accuracy", Double.NaN, 0, 1);
        options.checkAllUsed();

        String dataDir = DataDirs.resolve(data, err);
        try (JavaSparkContext sc = SparkJobs.start(name())) {
            Network network = weightsUri == null
                    ? WeightsFile.readNetwork(ProjectModel.weights(), ProjectModel.WEIGHTS)
                    : WeightsFile.readNetwork(HadoopFiles.readAll(weightsUri, sc.hadoopConfiguration()), weightsUri);
            MnistSource test = MnistSource.open(dataDir, false, sc.hadoopConfiguration());
            int parts = partitions > 0 ? partitions : sc.defaultParallelism();
            long start = System.nanoTime();
            EvaluationCounts counts = Evaluation.evaluate(sc, test, network, batchSize, parts);
            double seconds = (System.nanoTime() - start) / 1e9;

            out.println("Accuracy:" + PythonFormat.repr(counts.accuracy()));
            out.printf(Locale.ROOT, "examples %d, correct %d, mean cross-entropy %.6f, mean squared error %.6f%n",
                    counts.examples(), counts.correct(), counts.meanCrossEntropy(), counts.meanSquaredError());
            out.printf(Locale.ROOT, "%d batches of %d on %d partitions, %.3f s (%.0f images/s), master %s%n",
                    (test.count() + batchSize - 1) / batchSize, batchSize, Math.min(parts, (test.count() + batchSize - 1) / batchSize),
                    seconds, counts.examples() / seconds, sc.master());
            if (weightsUri == null) {
                err.println("weights: " + ProjectModel.NAME);
            }
            if (!Double.isNaN(minAccuracy) && counts.accuracy() < minAccuracy) {
                throw new GateFailedException("accuracy " + PythonFormat.repr(counts.accuracy()) + " is below --min-accuracy " + PythonFormat.repr(minAccuracy));
            }
        }
    }
}
