package scratchnet.jobs.training;

import java.io.Serializable;

import scratchnet.core.net.LayerSizes;

/**
 * What one round asks of every partition.
 *
 * @param sizes              the network
 * @param optimizer          the optimizer's name
 * @param lr                 its learning rate
 * @param seed               the run's seed
 * @param batchSize          the whole mini-batch
 * @param shares             each partition's share of it
 * @param first              the round's first step (0-based)
 * @param steps              steps in this round
 * @param optimizerSteps     updates the optimizer had made before the round
 * @param averaging          local steps and model averaging, else one gradient step
 * @param shuffle            batches from a permutation per epoch, else drawn with replacement
 * @param iterationsPerEpoch steps per epoch
 */
record RoundSpec(LayerSizes sizes, String optimizer, double lr, long seed, int batchSize, int[] shares,
                 long first, int steps, long optimizerSteps, boolean averaging, boolean shuffle, long iterationsPerEpoch) implements Serializable {
}
