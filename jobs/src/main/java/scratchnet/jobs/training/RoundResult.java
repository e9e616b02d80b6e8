package scratchnet.jobs.training;

import java.util.Map;

/**
 * A round's summed result, read: for one synchronous step the batch gradient, for local steps the
 * partitions' average model and optimizer state; and the loss of every step.
 *
 * @param gradient      the mini-batch gradient, in key order ({@code null} for local steps)
 * @param averagedModel the average of the partitions' models ({@code null} for one step)
 * @param averagedState the average of their optimizer states, by name ({@code null} for one step)
 * @param losses        the mean loss of each of the round's steps
 * @param nanos         the round's wall time on the driver, from its broadcast to its sum read
 */
record RoundResult(float[][] gradient, float[][] averagedModel, Map<String, float[][]> averagedState, double[] losses, long nanos) {

    /**
     * @param first the round's first step (0-based)
     * @return {@code "<step>: the loss is <value>"} for the first step whose loss is not finite, or {@code null}
     */
    String divergence(long first) {
        for (int k = 0; k < losses.length; k++) {
            if (!Double.isFinite(losses[k])) {
                return (first + k + 1) + ": the loss is " + losses[k];
            }
        }
        return null;
    }
}
