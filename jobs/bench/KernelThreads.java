import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import scratchnet.core.data.Mnist;
import scratchnet.core.data.MnistSet;
import scratchnet.core.data.SparseImages;
import scratchnet.core.net.BatchGradient;
import scratchnet.core.net.Init;
import scratchnet.core.net.LayerSizes;
import scratchnet.core.net.Optimizer;

/**
 * The training kernel's arithmetic alone, without Spark: SGD steps of {@code ROWS} MNIST images
 * ({@code BatchGradient.gradient}, then the update) on {@code THREADS} threads at once, each its own
 * network, in rounds of 3,000 steps; ms per step of each thread per round, each 250-step stretch of
 * the first round too (a cold JVM compiles the Vector API kernels meanwhile). Run it as
 *
 * <pre>java --add-modules jdk.incubator.vector -cp core/target/classes jobs/bench/KernelThreads.java MNIST_DIR ROWS THREADS</pre>
 *
 * {@code 50 2} is a step of {@code train}'s two tasks in {@code local[2]}; {@code 50 1} and
 * {@code 100 1} say what one core does alone.
 */
public final class KernelThreads {
    private static final int STEPS = 3000;
    private static final int STRETCH = 250;

    public static void main(String[] args) throws Exception {
        MnistSet train = Mnist.readSet(Path.of(args[0]), true);
        SparseImages data = SparseImages.of(0, train.images(), train.labels());
        int rows = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int round = 0; round < 3; round++) {
            boolean first = round == 0;
            List<Future<String>> runs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                runs.add(pool.submit(() -> steps(data, rows, seed, first)));
            }
            StringBuilder line = new StringBuilder("round " + round + ":");
            for (Future<String> r : runs) {
                line.append(' ').append(r.get());
            }
            System.out.println(line);
        }
        pool.shutdown();
    }

    /** @return the thread's ms per step, and when asked each stretch's */
    private static String steps(SparseImages data, int rows, int seed, boolean stretches) {
        BatchGradient kernel = new BatchGradient(LayerSizes.BOOK, rows);
        float[][] params = kernel.pack(Init.parse("0.01").initialize(LayerSizes.BOOK, seed));
        float[][] grads = kernel.zeros();
        Optimizer sgd = Optimizer.Kind.parse("sgd").create(0.1);
        int[] picks = new int[rows];
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder curve = new StringBuilder();
        long start = System.nanoTime();
        long stretchStart = start;
        for (int s = 1; s <= STEPS; s++) {
            for (int i = 0; i < rows; i++) {
                picks[i] = random.nextInt(data.count());
            }
            kernel.gradient(params, data, picks, rows, 1f / rows, grads);
            sgd.update(params, grads);
            if (stretches && s % STRETCH == 0) {
                long now = System.nanoTime();
                curve.append(String.format(Locale.ROOT, " %.2f", (now - stretchStart) / 1e6 / STRETCH));
                stretchStart = now;
            }
        }
        String perStep = String.format(Locale.ROOT, "%.3f ms/step", (System.nanoTime() - start) / 1e6 / STEPS);
        return stretches ? perStep + " (per " + STRETCH + " steps:" + curve + ")" : perStep;
    }
}
