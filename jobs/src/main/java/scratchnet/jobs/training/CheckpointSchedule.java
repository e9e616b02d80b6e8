package scratchnet.jobs.training;

/**
 * When a run writes a checkpoint: after {@code --checkpoint-every} steps, or by default at the end
 * of the first epoch that ends {@link TrainingSettings#CHECKPOINT_SECONDS} or more after the last
 * checkpoint; the last round always writes one.
 */
final class CheckpointSchedule {
    private final TrainingSettings settings;
    private long lastStep;
    private long lastNanos;

    /** @param step the steps done when the schedule starts (a resumed run's checkpoint counts as the last) */
    CheckpointSchedule(TrainingSettings settings, long step, long nowNanos) {
        this.settings = settings;
        this.lastStep = step;
        this.lastNanos = nowNanos;
    }

    /** @return the steps after {@code step} until a checkpoint is due by steps ({@code --checkpoint-every}); unbounded otherwise */
    long stepsUntilDue(long step) {
        Integer every = settings.checkpointEvery();
        return every != null && every > 0 ? Math.max(1, lastStep + every - step) : Long.MAX_VALUE;
    }

    /**
     * Whether the round that has just ended at {@code step} writes a checkpoint; when it does, that
     * checkpoint is the last one from now on.
     *
     * @param epochEnd whether the round ended an epoch
     */
    boolean dueAt(long step, boolean epochEnd, long nowNanos) {
        Integer every = settings.checkpointEvery();
        boolean due = step == settings.iterations() || (every == null
                ? epochEnd && nowNanos - lastNanos >= TrainingSettings.CHECKPOINT_SECONDS * 1_000_000_000L
                : every > 0 && step - lastStep >= every);
        if (due) {
            lastStep = step;
            lastNanos = nowNanos;
        }
        return due;
    }
}
