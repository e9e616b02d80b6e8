package scratchnet.jobs.cli;

import java.io.PrintStream;
import java.time.Instant;

import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import scratchnet.core.net.EvaluationCounts;
import scratchnet.jobs.evaluation.EvaluationJob;
import scratchnet.jobs.io.DataDirs;
import scratchnet.jobs.report.RunId;
import scratchnet.jobs.scoring.ProjectModel;
import scratchnet.jobs.spark.SparkJobs;

/**
 * {@code evaluate}: the book's batch inference over the MNIST test set as a Spark job; its
 * options checked here, the run itself in {@link EvaluationJob}. Prints {@code Accuracy:0.9352} on
 * its own line, then a summary. Without {@code --weights} it evaluates the project's own model
 * ({@link ProjectModel}). With {@code --report URI} it records the run in that report directory
 * before the accuracy gate is checked.
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
        EvaluationJob.Settings settings = new EvaluationJob.Settings(dataDir, weights.uri, batch.size, partitions.orElse(0), reportUri, id, start,
                pushUrl, misclassifiedOut, overwrite, minAccuracy);
        try (JavaSparkContext sc = SparkJobs.start(name())) {
            EvaluationJob.run(sc, settings, out, err);
        }
    }
}
