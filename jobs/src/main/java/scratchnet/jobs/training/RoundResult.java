package scratchnet.jobs.training;

import java.util.Map;

/**
 * A round's result, read: for one step of independent tasks the batch gradient, which the driver
 * applies; otherwise the model after the round (the synchronous tasks' common weights, or the
 * partitions' average after local steps) with the optimizer's state; and the loss of every step.
 *
 * @param gradient      the mini-batch gradient, in key order ({@code null} unless one step of independent tasks)
 * @param model         the weights after the round ({@code null} with a gradient)
 * @param state         the optimizer's state after the round, by name ({@code null} with a gradient)
 * @param losses        the mean loss of each step taken
 * @param nanos         the round's wall time on the driver, from its broadcast to its result read
 * @param computeNanos  time the first task of a synchronous round spent computing its steps (0 for independent tasks)
 * @param exchangeNanos time it spent exchanging sums with the others (0 for independent tasks)
 * @param divergence    {@code "<step>: <what>"} for the first step whose loss (or, in synchronous rounds, weights) was not finite, else {@code null}
 */
record RoundResult(float[][] gradient, float[][] model, Map<String, float[][]> state, double[] losses, long nanos, long computeNanos,
                   long exchangeNanos, String divergence) {

    /**
     * @param first the round's first step (0-based)
     * @return {@code "<step>: the loss is <value>"} for the first step whose loss is not finite, or {@code null}
     */
    static String firstNonFiniteLoss(double[] losses, long first) {
        for (int k = 0; k < losses.length; k++) {
            if (!Double.isFinite(losses[k])) {
                return (first + k + 1) + ": the loss is " + losses[k];
            }
        }
        return null;
    }
}
