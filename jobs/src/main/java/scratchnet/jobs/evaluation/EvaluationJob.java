package scratchnet.jobs.evaluation;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;

import scratchnet.core.GateFailedException;
import scratchnet.core.net.EvaluationCounts;
import scratchnet.core.net.Network;
import scratchnet.core.text.PythonFormat;
import scratchnet.jobs.io.DirectoryOutput;
import scratchnet.jobs.io.FileDigests;
import scratchnet.jobs.io.HadoopFiles;
import scratchnet.jobs.io.ImageRanges;
import scratchnet.jobs.io.MnistSource;
import scratchnet.jobs.io.OutputLock;
import scratchnet.jobs.report.EvaluationReport;
import scratchnet.jobs.report.EvaluationRun;
import scratchnet.jobs.report.MetricsPush;
import scratchnet.jobs.report.ReportDir;
import scratchnet.jobs.scoring.NetworkFiles;
import scratchnet.jobs.scoring.ProjectModel;
import scratchnet.jobs.spark.StartupTuning;

/**
 * A whole {@code evaluate} run on a started Spark context: the weights read, the test set's
 * headers checked, the distributed evaluation run ({@link Evaluation}), {@code Accuracy:0.9352}
 * and the summary printed, then the run recorded in its report directory ({@link EvaluationReport};
 * one run of an id at a time holds it), its figures pushed to a Pushgateway ({@link MetricsPush}),
 * and last the accuracy gate checked, so that a failed gate still leaves its run recorded.
 */
public final class EvaluationJob {

    /**
     * What the command line asked for, checked one option at a time.
     *
     * @param dataDir          the MNIST directory or URI
     * @param weights          {@code --weights} as given, or {@code null} for the project's model ({@link ProjectModel})
     * @param batchSize        images per batch
     * @param partitions       partitions to spread the batches over, or 0 for Spark's default parallelism
     * @param reportUri        the report directory to record the run in, or {@code null}
     * @param runId            the run's id in the report and the pushed metrics (checked)
     * @param start            when the run started
     * @param pushUrl          the Pushgateway to send the figures to, or {@code null}
     * @param misclassifiedOut the directory for every misclassified index, or {@code null}
     * @param overwrite        whether an existing {@code misclassifiedOut} may be replaced
     * @param minAccuracy      the gate, or {@code null} for none
     */
    public record Settings(String dataDir, String weights, int batchSize, int partitions, String reportUri, String runId, Instant start,
                           String pushUrl, String misclassifiedOut, boolean overwrite, Double minAccuracy) {
    }

    private EvaluationJob() {
    }

    /**
     * Runs the evaluation.
     *
     * @param out {@code Accuracy:…}, the summary and what was written
     * @param err which weights, when the project's model; warnings
     * @throws GateFailedException when the accuracy is below {@code minAccuracy} (after the run is recorded)
     */
    public static void run(JavaSparkContext sc, Settings s, PrintStream out, PrintStream err) throws IOException {
        ReportDir report = s.reportUri() == null ? null : new ReportDir(s.reportUri(), sc.hadoopConfiguration());
        try (OutputLock runLock = report == null ? null : report.lockRun(s.runId(), err)) {
            evaluate(sc, s, report, out, err);
        }
    }

    private static void evaluate(JavaSparkContext sc, Settings s, ReportDir report, PrintStream out, PrintStream err) {
        // the weights file, or the project's model ("classpath:" in the report, as the jar holds it)
        NetworkFiles.Loaded weights = NetworkFiles.read(s.weights(), sc.hadoopConfiguration());
        Network network = weights.network();
        StartupTuning.beforeEvaluation(sc, network);
        MnistSource test = MnistSource.open(s.dataDir(), false, sc.hadoopConfiguration());
        int batchSize = s.batchSize();
        ImageRanges ranges = new ImageRanges(test.count(), batchSize, s.partitions() > 0 ? s.partitions() : Math.max(1, sc.defaultParallelism()));
        int parts = ranges.size();
        long began = System.nanoTime();
        EvaluationCounts[] evaluated = new EvaluationCounts[1];
        String misclassifiedDir = s.misclassifiedOut() == null ? null
                : DirectoryOutput.write(s.misclassifiedOut(), s.overwrite(), sc.hadoopConfiguration(),
                        tmp -> evaluated[0] = Evaluation.evaluate(sc, test, network, batchSize, parts, tmp)).toString();
        EvaluationCounts counts = misclassifiedDir != null ? evaluated[0] : Evaluation.evaluate(sc, test, network, batchSize, parts);
        double seconds = (System.nanoTime() - began) / 1e9;

        out.println("Accuracy:" + PythonFormat.repr(counts.accuracy()));
        out.printf(Locale.ROOT, "examples %d, correct %d, mean cross-entropy %.6f, mean squared error %.6f%n",
                counts.examples(), counts.correct(), counts.meanCrossEntropy(), counts.meanSquaredError());
        out.printf(Locale.ROOT, "%d batches of %d on %d partitions, %.3f s (%.0f images/s), master %s%n",
                ranges.batches(), batchSize, parts, seconds, counts.examples() / seconds, sc.master());
        if (misclassifiedDir != null) {
            out.println("misclassified " + counts.misclassifiedCount() + ": every index in " + misclassifiedDir);
        }
        if (s.weights() == null) {
            err.println("weights: " + ProjectModel.NAME);
        }
        if (report != null) {
            EvaluationRun.Setting setting = new EvaluationRun.Setting(sc.master(), sc.sc().applicationId(), sc.version(),
                    batchSize, parts, s.minAccuracy());
            out.println("report " + writeReport(sc, report, s, setting, weights, test, counts, misclassifiedDir, err));
        }
        if (s.pushUrl() != null) {
            pushMetrics(s, MetricsPush.exposition(counts, Duration.between(s.start(), Instant.now()).toNanos() / 1e9, s.minAccuracy(),
                    weights.sha256()), out, err);
        }
        if (s.minAccuracy() != null && counts.accuracy() < s.minAccuracy()) {
            throw new GateFailedException("accuracy " + PythonFormat.repr(counts.accuracy()) + " is below --min-accuracy "
                    + PythonFormat.repr(s.minAccuracy()));
        }
    }

    /** Pushes the figures; a gateway that fails is a warning, never a lost run or another exit code. */
    private static void pushMetrics(Settings s, String exposition, PrintStream out, PrintStream err) {
        try {
            MetricsPush.push(s.pushUrl(), s.runId(), exposition);
            out.println("metrics pushed to " + s.pushUrl() + " (job " + MetricsPush.JOB + ", run_id " + s.runId() + ")");
        } catch (IOException e) {
            err.println("scratchnet: warning: metrics not pushed: " + e.getMessage());
        }
    }

    /**
     * Hashes what the run read (the data on the executors), assembles the run and writes it into
     * the report. @return the URI of the run's JSON
     */
    private static String writeReport(JavaSparkContext sc, ReportDir report, Settings s, EvaluationRun.Setting setting,
                                      NetworkFiles.Loaded weights, MnistSource test, EvaluationCounts counts, String misclassifiedDir,
                                      PrintStream err) {
        Configuration conf = sc.hadoopConfiguration();
        Map<String, String> sha = FileDigests.sha256OnExecutors(sc, List.of(test.imagesUri(), test.labelsUri()));
        EvaluationRun run = EvaluationRun.of(s.runId(), s.start(), Instant.now(), setting,
                new EvaluationRun.FileDigest(weights.source(), weights.sha256()),
                new EvaluationRun.DataFiles(HadoopFiles.qualify(s.dataDir(), conf).toString(),
                        new EvaluationRun.FileDigest(test.imagesUri(), sha.get(test.imagesUri())),
                        new EvaluationRun.FileDigest(test.labelsUri(), sha.get(test.labelsUri()))),
                counts, misclassifiedDir, ReportDir.images(s.runId()));
        return EvaluationReport.write(report, run, test, weights.network(), conf, err);
    }
}
