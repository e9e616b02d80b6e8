package scratchnet.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import scratchnet.core.TestData;
import scratchnet.core.data.Mnist;
import scratchnet.core.data.MnistSet;
import scratchnet.core.io.WeightsFile;

/**
 * The SIMD forward pass against the plain-loop one, bit for bit, on the inputs its shortcuts could
 * get wrong: blank and full images, group tails, odd offsets, odd layer widths, signed zeros and
 * NaN, buffers reused across batch sizes and threads.
 */
class SimdForwardTest {
    private static final int PIXELS = MnistSet.PIXELS;
    private static Network book;
    private static float[] mnist;

    @BeforeAll
    static void load() {
        book = WeightsFile.readNetwork(TestData.sampleWeights());
        mnist = Mnist.readSet(TestData.mnistDir(), false).normalizedImages();
    }

    private static void assertSameBits(Network network, float[] x, int offset, int n) {
        float[] simd = new SimdForward(network).predictBatch(x, offset, n);
        float[] scalar = network.predictBatchScalar(x, offset, n);
        assertEquals(scalar.length, simd.length);
        for (int i = 0; i < simd.length; i++) {
            assertEquals(Float.floatToIntBits(scalar[i]), Float.floatToIntBits(simd[i]),
                    "row " + i / network.sizes().outputSize() + ", output " + i % network.sizes().outputSize() + ": " + scalar[i] + " vs " + simd[i]);
        }
    }

    @Test
    void blankImagesGiveTheBiasesPassAlone() {
        float[] x = new float[7 * PIXELS];
        assertSameBits(book, x, 0, 7);
        float[] y = book.predictBatch(x, 0, 7);
        assertEquals(Arrays.toString(Arrays.copyOf(y, 10)), Arrays.toString(Arrays.copyOfRange(y, 60, 70)));
    }

    @Test
    void imagesWithNoZeroPixelAndMixedGroups() {
        SplittableRandom rng = new SplittableRandom(3);
        float[] x = new float[9 * PIXELS];
        for (int k = 0; k < PIXELS; k++) {
            x[k] = 1f;                                          // every pixel set
            x[PIXELS + k] = (float) rng.nextDouble(1e-3, 1);    // every pixel set, all different
            x[3 * PIXELS + k] = k % 97 == 0 ? 0.5f : 0f;        // a few scattered pixels
        }
        x[5 * PIXELS + PIXELS - 1] = 1f;                        // the last pixel only
        x[6 * PIXELS] = 1f;                                     // the first pixel only
        System.arraycopy(mnist, 0, x, 7 * PIXELS, 2 * PIXELS);
        assertSameBits(book, x, 0, 9);
    }

    @Test
    void everyBatchSizeAroundTheGroupOfFour() {
        for (int n = 1; n <= 9; n++) {
            assertSameBits(book, mnist, 0, n);
        }
        assertSameBits(book, mnist, 0, 10_000);
    }

    @Test
    void offsetsThatAreNotWholeImagesOrWholeVectors() {
        assertSameBits(book, mnist, 3, 5);
        assertSameBits(book, mnist, 100 * PIXELS + 17, 6);
        assertSameBits(book, mnist, mnist.length - 3 * PIXELS, 3);
    }

    @Test
    void signedZerosNegativeValuesAndNaN() {
        float[] x = Arrays.copyOf(mnist, 5 * PIXELS);
        for (int k = 0; k < PIXELS; k += 3) {
            if (x[k] == 0f) {
                x[k] = -0f;
            }
        }
        x[PIXELS + 200] = -0.75f;
        x[2 * PIXELS + 300] = Float.MIN_VALUE;
        x[3 * PIXELS + 400] = Float.NaN;
        assertSameBits(book, x, 0, 5);
        float[] y = book.predictBatch(x, 0, 5);
        assertEquals(Float.NaN, y[30]);
    }

    @Test
    void layerWidthsThatAreNotWholeVectors() {
        for (int[] widths : new int[][] {{784, 20, 10}, {784, 64, 10}, {784, 100, 50, 10}, {784, 3, 7, 10}, {784, 130, 10}}) {
            LayerSizes sizes = new LayerSizes(widths);
            Network network = Params.network(sizes, Init.parse("xavier").initialize(sizes, 11));
            assertSameBits(network, mnist, 0, 13);
        }
    }

    @Test
    void buffersReusedAcrossBatchSizesAndThreads() throws Exception {
        Network network = WeightsFile.readNetwork(TestData.sampleWeights());
        float[] big = network.predictBatchScalar(mnist, 0, 1000);
        for (int n : new int[] {3, 250, 1, 1000, 100}) {
            float[] y = network.predictBatch(mnist, 0, n);
            assertEquals(Arrays.toString(Arrays.copyOf(big, n * 10)), Arrays.toString(y), "batch of " + n);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            @SuppressWarnings("unchecked")
            Future<float[]>[] parts = new Future[8];
            for (int t = 0; t < parts.length; t++) {
                int first = t * 125;
                parts[t] = pool.submit(() -> {
                    float[] out = new float[1250];
                    for (int b = 0; b < 5; b++) {
                        System.arraycopy(network.predictBatch(mnist, (first + 25 * b) * PIXELS, 25), 0, out, 250 * b, 250);
                    }
                    return out;
                });
            }
            for (int t = 0; t < parts.length; t++) {
                assertEquals(Arrays.toString(Arrays.copyOfRange(big, t * 1250, t * 1250 + 1250)), Arrays.toString(parts[t].get()), "thread part " + t);
            }
        } finally {
            pool.shutdown();
        }
    }
}
