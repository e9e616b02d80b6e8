package scratchnet.jobs.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import scratchnet.core.net.EvaluationCounts;
import scratchnet.core.net.Network;
import scratchnet.core.text.PythonFormat;
import scratchnet.jobs.evaluation.Evaluation;
import scratchnet.jobs.evaluation.ProjectModel;
import scratchnet.jobs.io.DataDirs;
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
import scratchnet.jobs.report.RunId;
import scratchnet.jobs.scoring.NetworkFiles;
import scratchnet.jobs.spark.SparkJobs;
import scratchnet.jobs.spark.StartupTuning;

/**
 * {@code evaluate}: the book's batch inference over the MNIST test set as a Spark job. Prints
 * {@code Accuracy:0.9352} on its own line, then a summary. Without {@code --weights} it evaluates
 * the project's own model ({@link ProjectModel}). With {@code --report URI} it records the run in
 * that report directory ({@link EvaluationReport}) before the accuracy gate is checked.
 */
@CommandLine.Command(name = "evaluate", description = {"Evaluate a network on the test set; print Accuracy:0.9352.",
        "Then a summary; with --report, the run is recorded in a report directory before the --min-accuracy gate is checked."})
public final class EvaluateCommand implements Command {
    @Mixin
    private DataOption data;

    @Mixin
    private WeightsOption weights;

    @Mixin
    private BatchSizeOption batch;

    @Mixin
    private PartitionsOption partitions;

    @Option(names = "--report", paramLabel = "URI", description = "Report directory to record the run in (runs/<id>.json, pictures, index.html).")
    private String reportUri;

    @Option(names = "--run-id", paramLabel = "ID", description = "The run's name in the report; default: its start time (UTC).")
    private String runId;

    @Option(names = "--push-metrics", paramLabel = "URL",
            description = "A Prometheus Pushgateway to send the run's figures to (grouped by job and --run-id); a failed push is a warning.")
    private String pushUrl;

    @Option(names = "--misclassified-out", paramLabel = "URI",
            description = {"A directory for the index of every misclassified image, written by the executors: part-00000, ... (one per partition, "
                    + "ascending indices, one per line) and _SUCCESS; it appears whole once the job is done. The run file keeps only the first "
                    + EvaluationCounts.MISCLASSIFIED_KEPT + " and the count."})
    private String misclassifiedOut;

    @Option(names = "--overwrite", description = "Replace an existing --misclassified-out directory.")
    private boolean overwrite;

    @Option(names = "--min-accuracy", paramLabel = "X", converter = Values.Fraction.class,
            description = "The gate, between 0 and 1: exit code 3 when the accuracy is below X.")
    private Double minAccuracy;

    @Override
    public void run(PrintStream out, PrintStream err) throws Exception {
        Instant start = Instant.now();
        if (runId != null && reportUri == null && pushUrl == null) {
            throw new UsageException("evaluate: --run-id names a run in a report or in pushed metrics: give --report or --push-metrics too");
        }
        if (overwrite && misclassifiedOut == null) {
            throw new UsageException("evaluate: --overwrite replaces a --misclassified-out directory: give --misclassified-out too");
        }
        String id = runId == null ? RunId.at(start) : RunId.check(runId);

        String dataDir = DataDirs.resolve(data.uri, err);
        try (JavaSparkContext sc = SparkJobs.start(name())) {
            ReportDir report = reportUri == null ? null : new ReportDir(reportUri, sc.hadoopConfiguration());
            try (OutputLock runLock = report == null ? null : report.lockRun(id, err)) {
                evaluate(sc, report, id, start, dataDir, out, err);
            }
        }
    }

    private void evaluate(JavaSparkContext sc, ReportDir report, String id, Instant start, String dataDir, PrintStream out,
                          PrintStream err) throws IOException {
        // the weights file, or the project's model ("classpath:" in the report, as the jar holds it)
        NetworkFiles.Loaded weights = this.weights.read(sc.hadoopConfiguration());
        Network network = weights.network();
        StartupTuning.beforeEvaluation(sc, network);
        MnistSource test = MnistSource.open(dataDir, false, sc.hadoopConfiguration());
        ImageRanges ranges = new ImageRanges(test.count(), batch.size, partitions.orElse(Math.max(1, sc.defaultParallelism())));
        int parts = ranges.size();
        long began = System.nanoTime();
        EvaluationCounts[] evaluated = new EvaluationCounts[1];
        String misclassifiedDir = misclassifiedOut == null ? null
                : DirectoryOutput.write(misclassifiedOut, overwrite, sc.hadoopConfiguration(),
                        tmp -> evaluated[0] = Evaluation.evaluate(sc, test, network, batch.size, parts, tmp)).toString();
        EvaluationCounts counts = misclassifiedDir != null ? evaluated[0] : Evaluation.evaluate(sc, test, network, batch.size, parts);
        double seconds = (System.nanoTime() - began) / 1e9;

        out.println("Accuracy:" + PythonFormat.repr(counts.accuracy()));
        out.printf(Locale.ROOT, "examples %d, correct %d, mean cross-entropy %.6f, mean squared error %.6f%n",
                counts.examples(), counts.correct(), counts.meanCrossEntropy(), counts.meanSquaredError());
        out.printf(Locale.ROOT, "%d batches of %d on %d partitions, %.3f s (%.0f images/s), master %s%n",
                ranges.batches(), batch.size, parts, seconds, counts.examples() / seconds, sc.master());
        if (misclassifiedDir != null) {
            out.println("misclassified " + counts.misclassifiedCount() + ": every index in " + misclassifiedDir);
        }
        if (this.weights.uri == null) {
            err.println("weights: " + ProjectModel.NAME);
        }
        if (report != null) {
            EvaluationRun.Setting setting = new EvaluationRun.Setting(sc.master(), sc.sc().applicationId(), sc.version(),
                    batch.size, parts, minAccuracy);
            out.println("report " + writeReport(sc, report, id, start, setting, weights, dataDir, test, counts, misclassifiedDir, err));
        }
        if (pushUrl != null) {
            pushMetrics(id, MetricsPush.exposition(counts, Duration.between(start, Instant.now()).toNanos() / 1e9, minAccuracy, weights.sha256()), out, err);
        }
        if (minAccuracy != null && counts.accuracy() < minAccuracy) {
            throw new GateFailedException("accuracy " + PythonFormat.repr(counts.accuracy()) + " is below --min-accuracy " + PythonFormat.repr(minAccuracy));
        }
    }

    /** Pushes the figures; a gateway that fails is a warning, never a lost run or another exit code. */
    private void pushMetrics(String id, String exposition, PrintStream out, PrintStream err) {
        try {
            MetricsPush.push(pushUrl, id, exposition);
            out.println("metrics pushed to " + pushUrl + " (job " + MetricsPush.JOB + ", run_id " + id + ")");
        } catch (IOException e) {
            err.println("scratchnet: warning: metrics not pushed: " + e.getMessage());
        }
    }

    /**
     * Hashes what the run read (the data on the executors), assembles the run and writes it into
     * the report. @return the URI of the run's JSON
     */
    private static String writeReport(JavaSparkContext sc, ReportDir report, String runId, Instant start, EvaluationRun.Setting setting,
                                      NetworkFiles.Loaded weights, String dataDir, MnistSource test, EvaluationCounts counts,
                                      String misclassifiedDir, PrintStream err) {
        Configuration conf = sc.hadoopConfiguration();
        Map<String, String> sha = FileDigests.sha256OnExecutors(sc, List.of(test.imagesUri(), test.labelsUri()));
        EvaluationRun run = EvaluationRun.of(runId, start, Instant.now(), setting,
                new EvaluationRun.FileDigest(weights.source(), weights.sha256()),
                new EvaluationRun.DataFiles(HadoopFiles.qualify(dataDir, conf).toString(),
                        new EvaluationRun.FileDigest(test.imagesUri(), sha.get(test.imagesUri())),
                        new EvaluationRun.FileDigest(test.labelsUri(), sha.get(test.labelsUri()))),
                counts, misclassifiedDir, ReportDir.images(runId));
        return EvaluationReport.write(report, run, test, weights.network(), conf, err);
    }
}
