package scratchnet.jobs.training;

import java.util.Locale;

/** How synchronous SGD's rounds run ({@code train --engine}); the weights are the same either way. */
public enum Engine {
    /** Many synchronous steps per Spark job of barrier tasks, which add their sums among themselves ({@link BarrierRounds}). */
    BARRIER,
    /** One Spark job per step, the driver adding the tasks' sums ({@link JobRounds}). */
    JOBS;

    /** @return the name on the command line and in {@code model.json} */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
