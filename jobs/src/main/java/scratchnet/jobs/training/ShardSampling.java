package scratchnet.jobs.training;

import java.util.SplittableRandom;

import scratchnet.jobs.training.TrainingSettings.Sampling;

/**
 * Which examples a partition takes into a mini-batch, from its own part of the training set:
 *
 * <ul>
 * <li>{@code replacement} (the book's): {@code np.random.choice(n, k)}, drawn afresh every step from
 * a generator seeded by the run's seed, the iteration and the partition's index;</li>
 * <li>{@code shuffle}: every epoch, a permutation of the part (seeded by the seed, the epoch and the
 * partition), taken {@code k} at a time — each image once per epoch.</li>
 * </ul>
 *
 * Nothing depends on which executor runs the task, when, or how often it is retried: the same seed
 * and partitioning give the same batches.
 */
public final class ShardSampling {
    /** The last permutation a thread made: a round takes many batches from one. */
    private static final ThreadLocal<long[]> KEY = new ThreadLocal<>();
    private static final ThreadLocal<int[]> PERMUTATION = new ThreadLocal<>();

    /**
     * Picks a batch in the given mode.
     *
     * @param iterationsPerEpoch steps per epoch (for {@code shuffle})
     */
    public static void picks(Sampling mode, long seed, long iteration, long iterationsPerEpoch, int partition, int size, int[] into, int n) {
        if (mode == Sampling.REPLACEMENT) {
            picks(seed, iteration, partition, size, into, n);
            return;
        }
        long epoch = iteration / iterationsPerEpoch;
        long[] key = KEY.get();
        int[] perm = PERMUTATION.get();
        if (key == null || key[0] != seed || key[1] != epoch || key[2] != partition || perm.length != size) {
            perm = new int[size];
            for (int i = 0; i < size; i++) {
                perm[i] = i;
            }
            SplittableRandom rng = new SplittableRandom(mix(mix(mix(~seed) + epoch) + partition));
            for (int i = size - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
            }
            KEY.set(new long[] {seed, epoch, partition});
            PERMUTATION.set(perm);
        }
        long start = (iteration % iterationsPerEpoch) * n;
        for (int i = 0; i < n; i++) {
            into[i] = perm[(int) ((start + i) % size)];
        }
    }

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
