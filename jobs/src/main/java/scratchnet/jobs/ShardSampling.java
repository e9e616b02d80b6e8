package scratchnet.jobs;

import java.util.SplittableRandom;

/**
 * Which examples a partition takes into a mini-batch: {@code np.random.choice(n, k)} (with
 * replacement) over the partition's own part of the training set, from a generator seeded by the
 * run's seed, the iteration and the partition's index. Nothing depends on which executor runs the
 * task, when, or how often it is retried: the same seed and partitioning give the same batches.
 */
final class ShardSampling {

    private ShardSampling() {
    }

    /**
     * @param seed      the run's seed
     * @param iteration the step, counted from 0 over the whole run
     * @param partition the partition's index
     * @param size      images in the partition's part
     * @param into      receives {@code into.length} indices in {@code [0, size)}
     */
    static void picks(long seed, long iteration, int partition, int size, int[] into, int n) {
        SplittableRandom rng = new SplittableRandom(mix(mix(mix(seed) + iteration) + partition));
        for (int i = 0; i < n; i++) {
            into[i] = rng.nextInt(size);
        }
    }

    /** SplitMix64's finaliser: a bijection of 64 bits that scatters nearby inputs. */
    private static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
