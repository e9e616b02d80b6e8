package scratchnet.jobs.training;

import java.io.Serializable;

/**
 * What a task of a synchronous round returns. Every task ends with the same weights; only the
 * first returns them, with the optimizer's state.
 */
public final class SyncRoundResult implements Serializable {
    private static final long serialVersionUID = 1L;
    /** The task's partition. */
    final int partition;
    /** The mean loss of each step taken. */
    final double[] losses;
    /** {@code "<step>: <what>"} for a step whose loss or weights were not finite (the round stopped there), else {@code null}. */
    final String divergence;
    /** The weights after the round, in key order (first task only, else {@code null}). */
    final float[][] params;
    /** The optimizer's state arrays by state name order (first task only; {@code null} for a stateless optimizer). */
    final float[][][] state;
    /** Time the task spent computing its steps and exchanging their sums, in nanoseconds. */
    final long computeNanos;
    final long exchangeNanos;

    SyncRoundResult(int partition, double[] losses, String divergence, float[][] params, float[][][] state, long computeNanos,
                    long exchangeNanos) {
        this.partition = partition;
        this.losses = losses;
        this.divergence = divergence;
        this.params = params;
        this.state = state;
        this.computeNanos = computeNanos;
        this.exchangeNanos = exchangeNanos;
    }
}
