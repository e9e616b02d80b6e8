package scratchnet.jobs.report;

import java.time.temporal.ChronoUnit;
import java.util.Locale;

import scratchnet.core.text.PythonFormat;

/** How a run's values are shown to people, alike in the {@code history} table and on the report's page. */
public final class RunText {

    private RunText() {
    }

    /** @return the start time in UTC to the second, e.g. {@code 2026-11-27 01:02:03} */
    public static String started(EvaluationRun run) {
        return run.started().truncatedTo(ChronoUnit.SECONDS).toString().replace('T', ' ').replace("Z", "");
    }

    /** @return the weights file's name and the first 12 hex digits of its SHA-256 */
    public static String weights(EvaluationRun run) {
        EvaluationRun.FileDigest w = run.weights();
        if (w == null) {
            return "?";
        }
        String name = w.path() == null ? "?" : w.path().substring(w.path().lastIndexOf('/') + 1);
        return w.sha256() == null ? name : name + " " + w.sha256().substring(0, Math.min(12, w.sha256().length()));
    }

    /** @return the accuracy as the {@code evaluate} command prints it */
    public static String accuracy(double accuracy) {
        return PythonFormat.repr(accuracy);
    }

    /** @return a change of accuracy with its sign, {@code +0.0012}, or empty for the first run */
    public static String change(Double change) {
        return change == null ? "" : String.format(Locale.ROOT, "%+.4f", change);
    }

    /** @return {@code passed}, {@code FAILED} or empty when there was no gate */
    public static String gate(EvaluationRun run) {
        if (run.minAccuracy() == null) {
            return "";
        }
        return (run.passed() ? "passed" : "FAILED") + " >= " + PythonFormat.repr(run.minAccuracy());
    }
}
