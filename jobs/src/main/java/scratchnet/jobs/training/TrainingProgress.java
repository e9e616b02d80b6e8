package scratchnet.jobs.training;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The progress line on stderr: the step, the epoch, the loss, the speed (examples per second and
 * milliseconds per step) and the time left, every two seconds and at every epoch's end.
 */
final class TrainingProgress {
    private static final long EVERY_NANOS = 2_000_000_000L;
    private final TrainingSettings settings;
    private final PrintStream err;
    private final long startStep;
    private final long startNanos;
    private long lastNanos;

    TrainingProgress(TrainingSettings settings, PrintStream err, long startStep, long startNanos) {
        this.settings = settings;
        this.err = err;
        this.startStep = startStep;
        this.startNanos = startNanos;
        this.lastNanos = startNanos;
    }

    /**
     * Prints the line after a round, or at an epoch inside one, when it is due.
     *
     * @param last whether the run ends at this step (its last, or an epoch that reached the target)
     */
    void afterRound(long step, double loss, long nowNanos, boolean last) {
        boolean end = last || step == settings.iterations();
        if (nowNanos - lastNanos <= EVERY_NANOS && step % settings.iterationsPerEpoch() != 0 && !end) {
            return;
        }
        lastNanos = nowNanos;
        double seconds = (nowNanos - startNanos) / 1e9;
        double perSecond = (step - startStep) * (double) settings.batchSize() / seconds;
        double eta = (settings.iterations() - step) * seconds / Math.max(1, step - startStep);
        double msPerStep = seconds * 1000 / Math.max(1, step - startStep);
        err.printf(Locale.ROOT, "step %d/%d  epoch %.2f  loss %.4f  %,.0f examples/s  %.3f ms/step  %s%n", step, settings.iterations(),
                (double) step / settings.iterationsPerEpoch(), loss, perSecond, msPerStep,
                end ? "done" : "ETA " + duration(eta) + (settings.targetAccuracy() == null ? "" : " (at most)"));
        err.flush();
    }

    /** @return {@code 42 s} under a minute, else {@code m:ss} */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s < 60 ? s + " s" : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
