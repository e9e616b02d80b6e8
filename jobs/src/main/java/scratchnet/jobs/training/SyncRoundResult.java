package scratchnet.jobs.training;

import java.io.Serializable;

/**
 * What a task of a synchronous round returns. Every task ends with the same weights; only the
 * first returns them, with the optimizer's state.
 *
 * @param partition     the task's partition
 * @param losses        the mean loss of each step taken
 * @param divergence    {@code "<step>: <what>"} for a step whose loss or weights were not finite (the round stopped there), else {@code null}
 * @param params        the weights after the round, in key order (first task only, else {@code null})
 * @param state         the optimizer's state arrays by state name order (first task only; {@code null} for a stateless optimizer)
 * @param computeNanos  time the task spent computing its steps
 * @param exchangeNanos time it spent exchanging their sums
 */
record SyncRoundResult(int partition, double[] losses, String divergence, float[][] params, float[][][] state, long computeNanos,
                       long exchangeNanos) implements Serializable {
}
