package scratchnet.jobs.training.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import scratchnet.core.math.CompensatedSum;
import scratchnet.core.net.LayerSizes;

/**
 * A step's sum over 1 to 5 tasks, over sockets (whole exchange or reduce-scatter and all-gather,
 * plain or encrypted) or in shared memory: every task gets the bits of adding all parts in
 * partition order, step after step.
 */
class StepSumTest {

    @ParameterizedTest(name = "{0} tasks, encrypted: {1}, shared memory: {2}")
    @CsvSource({"1, false, false", "2, false, false", "3, false, false", "4, true, false", "5, false, false",
            "1, false, true", "2, false, true", "3, false, true", "5, false, true"})
    void everyTaskGetsThePartitionOrderSumsOfAllParts(int n, boolean encrypt, boolean shared) throws Exception {
        int length = LayerSizes.BOOK.parameterCount();
        int steps = 3;
        Random random = new Random(n);
        float[][][] parts = new float[steps][n][length];
        double[][] losses = new double[steps][n];
        for (int s = 0; s < steps; s++) {
            for (int p = 0; p < n; p++) {
                for (int i = 0; i < length; i++) {
                    // magnitudes far apart, so that the order of the additions shows in the bits
                    parts[s][p][i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(8) - 4));
                }
                losses[s][p] = random.nextDouble() * 100;
            }
        }
        List<PeerExchange.Listener> listeners = PeerExchangeTest.listeners(n, PeerExchangeTest.KEY, encrypt);
        List<InetSocketAddress> addresses = PeerExchangeTest.addresses(listeners);
        ExecutorService pool = Executors.newFixedThreadPool(2 * n);
        try {
            List<Future<float[][]>> got = new ArrayList<>();
            List<Future<double[]>> lossSums = new ArrayList<>();
            for (int t = 0; t < n; t++) {
                int self = t;
                double[] mineLosses = new double[steps];
                Future<float[][]> f = pool.submit(() -> {
                    float[][] sums = new float[steps][length];
                    if (shared) {
                        // in place, on arrays of several lengths (as the kernel's padded layout is)
                        try (SharedSum adding = SharedSum.join("test round " + n, n, self, 10_000)) {
                            for (int s = 0; s < steps; s++) {
                                float[][] arrays = {Arrays.copyOf(parts[s][self], 1000), Arrays.copyOfRange(parts[s][self], 1000, 1007),
                                        Arrays.copyOfRange(parts[s][self], 1007, length)};
                                mineLosses[s] = adding.sum(arrays, losses[s][self]);
                                System.arraycopy(arrays[0], 0, sums[s], 0, 1000);
                                System.arraycopy(arrays[1], 0, sums[s], 1000, 7);
                                System.arraycopy(arrays[2], 0, sums[s], 1007, length - 1007);
                            }
                            adding.leave(true);
                        }
                        return sums;
                    }
                    try (StepSum adding = new StepSum(PeerExchange.connect(self, 0, listeners.get(self), addresses, PeerExchangeTest.KEY, encrypt,
                            10_000, StepSum.messageBytes(n, length)), self, n, LayerSizes.BOOK)) {
                        for (int s = 0; s < steps; s++) {
                            mineLosses[s] = adding.sum(parts[s][self], losses[s][self], sums[s]);
                        }
                        adding.leave(true);
                    }
                    return sums;
                });
                got.add(f);
                lossSums.add(pool.submit(() -> {
                    f.get();
                    return mineLosses;
                }));
            }
            for (int s = 0; s < steps; s++) {
                double[] hi = new double[length];
                CompensatedSum.sumOf(parts[s], length, hi, new double[length]);
                float[] expected = new float[length];
                for (int i = 0; i < length; i++) {
                    expected[i] = (float) hi[i];
                }
                for (int t = 0; t < n; t++) {
                    assertArrayEquals(expected, got.get(t).get(30, TimeUnit.SECONDS)[s], "task " + t + ", step " + s);
                    assertEquals(CompensatedSum.sumOf(losses[s]), lossSums.get(t).get(30, TimeUnit.SECONDS)[s]);
                }
            }
        } finally {
            pool.shutdownNow();
            PeerExchangeTest.closeAll(listeners);
        }
    }
}
