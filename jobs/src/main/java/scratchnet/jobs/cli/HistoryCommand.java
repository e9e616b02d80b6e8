package scratchnet.jobs.cli;

import java.io.PrintStream;
import java.util.Locale;

import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import scratchnet.core.BadInputException;
import scratchnet.core.GateFailedException;
import scratchnet.core.text.PythonFormat;
import scratchnet.jobs.report.EvaluationRun;
import scratchnet.jobs.report.ReportDir;
import scratchnet.jobs.report.RunHistory;
import scratchnet.jobs.report.RunText;

/**
 * {@code history}: the runs of a report directory, oldest first, as a table (run, start, weights,
 * accuracy, change against the previous run). With {@code --max-drop X} it fails the gate (exit 3)
 * when the newest run's accuracy fell by more than X against the run before it.
 */
@CommandLine.Command(name = "history", description = {"List a report's runs with the change against the one before.",
        "Exit code 3 when the newest run's accuracy dropped by more than --max-drop."})
public final class HistoryCommand implements Command {

    @Option(names = "--report", paramLabel = "URI", required = true, description = "The report directory evaluate --report wrote.")
    private String reportUri;

    @Option(names = "--max-drop", paramLabel = "X", converter = Values.Fraction.class,
            description = "The gate, between 0 and 1: exit code 3 when the newest run's accuracy fell by more than X.")
    private Double maxDrop;

    @Override
    public void run(PrintStream out, PrintStream err) {
        ReportDir report = new ReportDir(reportUri, new Configuration());
        RunHistory history = new RunHistory(report.readRuns(err));
        if (history.entries().isEmpty()) {
            throw new BadInputException(report.uri() + ": the report holds no runs");
        }
        String format = "%-24s  %-19s  %-32s  %-9s  %-8s  %s%n";
        out.printf(Locale.ROOT, format, "run", "started (UTC)", "weights", "accuracy", "change", "gate");
        for (RunHistory.Entry e : history.entries()) {
            EvaluationRun run = e.run();
            out.printf(Locale.ROOT, format, run.runId(), RunText.started(run), RunText.weights(run),
                    RunText.accuracy(run.accuracy()), RunText.change(e.change()), RunText.gate(run));
        }
        if (maxDrop != null && history.newestDroppedMoreThan(maxDrop)) {
            EvaluationRun newest = history.newest().run();
            EvaluationRun previous = history.previous().run();
            throw new GateFailedException(String.format(Locale.ROOT, "accuracy dropped by %.4f from run %s (%s) to run %s (%s), more than --max-drop %s",
                    -history.newest().change(), previous.runId(), RunText.accuracy(previous.accuracy()),
                    newest.runId(), RunText.accuracy(newest.accuracy()), PythonFormat.repr(maxDrop)));
        }
    }
}
