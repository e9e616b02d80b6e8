package scratchnet.jobs.training;

import java.io.Serializable;

/**
 * What one round asks of every partition.
 *
 * @param settings       the run's settings: the network, the optimizer, the batch, the sampling
 * @param shares         each partition's share of the mini-batch
 * @param first          the round's first step (0-based)
 * @param steps          steps in this round
 * @param optimizerSteps updates the optimizer had made before the round
 */
record RoundSpec(TrainingSettings settings, int[] shares, long first, int steps, long optimizerSteps) implements Serializable {

    /** @return whether the partitions take local steps and their models are averaged (local SGD), else one gradient step */
    boolean averaging() {
        return settings.localSteps() > 1;
    }
}
