package scratchnet.core.net;

import java.io.Serializable;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import scratchnet.core.WarmUp;
import scratchnet.core.data.IdxHeader;
import scratchnet.core.data.MnistSet;
import scratchnet.core.data.SparseImages;

/**
 * Gets a JVM's training kernels compiled before training needs them. The Vector API is two orders
 * of magnitude slower until C2 compiles it (the interpreter and C1 box every vector: the first
 * steps of a cold JVM take 30 ms each instead of 0.15), and C2 compiles a method only after
 * thousands of calls. So the warm-up trains the run's own network, with the run's batch share and
 * optimizer, on made-up images as sparse as MNIST's, for a while: the compiled code is then the
 * code the run needs. The shapes matter: kernels warmed up on other widths come out about a third
 * slower on the real ones (their profiles describe other loops), and a branch never taken would be
 * compiled as a trap that the first real call throws away.
 *
 * <p>Only scratch arrays are touched; nothing a run computes depends on whether, or how long, the
 * warm-up ran (the kernels give the same bits in every JIT tier). {@code -Dscratchnet.warmup=false}
 * turns it off.
 *
 * @param sizes     the network
 * @param rows      the images of a step on one partition (its share of the batch)
 * @param optimizer the run's optimizer
 */
public record KernelWarmUp(LayerSizes sizes, int rows, Optimizer.Kind optimizer) implements Serializable {
    private static final AtomicBoolean STARTED = new AtomicBoolean();
    private static final AtomicBoolean FORWARD_STARTED = new AtomicBoolean();
    /** Made-up images: enough that batches differ, few enough to stay in cache. */
    private static final int IMAGES = 256;
    /** Steps with a handful of rows first: they get the kernels compiled soonest. */
    private static final int SMALL_ROWS = 2;
    /** Then steps of the real size: enough for C2 to compile the passes around the kernels. */
    private static final int REAL_STEPS = 600;

    /**
     * Starts {@link #run(long)} in a daemon thread, once per JVM, and returns at once: a local
     * driver calls it while Spark starts, an executor when it starts loading its part of the data.
     */
    public void startInBackground(long maxMillis) {
        WarmUp.startOnce(STARTED, "scratchnet-kernel-warm-up", () -> run(maxMillis));
    }

    /**
     * Trains on made-up images until the steps run at compiled speed and C2 has had time to compile
     * the passes around the kernels (some hundred steps of the real size more), or {@code maxMillis}
     * pass.
     *
     * @return the steps taken
     */
    public long run(long maxMillis) {
        long deadline = System.nanoTime() + maxMillis * 1_000_000L;
        SparseImages data = images();
        BatchGradient kernel = new BatchGradient(sizes, Math.max(rows, 100));
        float[][] params = kernel.pack(Init.parse("xavier").initialize(sizes, 1));
        float[][] grads = kernel.zeros();
        Optimizer opt = optimizer.create(optimizer.defaultLr());
        int[] picks = new int[Math.max(rows, SMALL_ROWS)];
        SplittableRandom rng = new SplittableRandom(1);
        long steps = 0;
        long first = -1;
        boolean compiled = false;
        int realSteps = 0;
        while (realSteps < REAL_STEPS && System.nanoTime() < deadline) {
            long t0 = System.nanoTime();
            int n = compiled ? rows : SMALL_ROWS;
            for (int i = 0; i < n; i++) {
                picks[i] = rng.nextInt(IMAGES);
            }
            kernel.gradient(params, data, picks, n, 1f / n, grads);
            opt.update(params, grads);
            if (++steps % 16 == 0) {
                kernel.correct(params, data, 0, 100);
            }
            long took = System.nanoTime() - t0;
            if (compiled) {
                realSteps++;
            } else if (first < 0) {
                first = took;
            } else if (took * 50 < first) {
                compiled = true;
            }
        }
        return steps;
    }

    /**
     * Starts, once per JVM, a daemon thread that runs this network's forward pass
     * ({@link Network#predictBatch}, what {@code evaluate} runs) on made-up images until it runs at
     * compiled speed, or {@code maxMillis} pass: a local evaluation calls it while its job starts.
     */
    public static void forwardInBackground(Network network, long maxMillis) {
        WarmUp.startOnce(FORWARD_STARTED, "scratchnet-forward-warm-up", () -> forward(network, maxMillis));
    }

    /** The loop {@link #forwardInBackground} runs, in the calling thread. */
    static void forward(Network network, long maxMillis) {
        long deadline = System.nanoTime() + maxMillis * 1_000_000L;
        SparseImages data = images();
        int inputs = network.sizes().inputSize();
        float[] x = new float[100 * inputs];
        for (int r = 0; r < 100; r++) {
            byte[] pixels = data.dense(r);
            for (int k = 0; k < inputs; k++) {
                x[r * inputs + k] = (pixels[k] & 0xFF) / 255f;
            }
        }
        long first = -1;
        int compiled = 0;
        while (compiled < 50 && System.nanoTime() < deadline) {
            long t0 = System.nanoTime();
            network.predictBatch(x, 0, 100);
            long took = System.nanoTime() - t0;
            if (first < 0) {
                first = took;
            } else if (compiled > 0 || took * 50 < first) {
                compiled++;
            }
        }
    }

    /**
     * Made-up digits: random values on the pixels of a disc in the middle of the image, as many as
     * MNIST's (about 150 of 784).
     */
    private static SparseImages images() {
        SplittableRandom rng = new SplittableRandom(7);
        int side = IdxHeader.SIDE;
        int radius = side * 5 / 14;
        byte[] pixels = new byte[IMAGES * MnistSet.PIXELS];
        byte[] labels = new byte[IMAGES];
        for (int r = 0; r < IMAGES; r++) {
            labels[r] = (byte) (r % 10);
            for (int k = 0; k < MnistSet.PIXELS; k++) {
                int dx = k % side - side / 2;
                int dy = k / side - side / 2;
                if (dx * dx + dy * dy < radius * radius && rng.nextInt(2) == 0) {
                    pixels[r * MnistSet.PIXELS + k] = (byte) (1 + rng.nextInt(255));
                }
            }
        }
        return SparseImages.of(0, pixels, labels);
    }
}
