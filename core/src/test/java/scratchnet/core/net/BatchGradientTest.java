package scratchnet.core.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import scratchnet.core.TestData;
import scratchnet.core.data.Mnist;
import scratchnet.core.data.MnistSet;
import scratchnet.core.data.SparseImages;
import scratchnet.core.io.WeightsFile;

/** The float32 training kernel against the float64 backprop, for the book's network and others of any depth. */
class BatchGradientTest {
    private static MnistSet train;
    private static SparseImages sparse;
    private static Network book;

    @BeforeAll
    static void load() {
        train = Mnist.readSet(TestData.mnistDir(), true);
        int n = 2000;
        sparse = SparseImages.of(0, java.util.Arrays.copyOf(train.images(), n * MnistSet.PIXELS), java.util.Arrays.copyOf(train.labels(), n));
        book = WeightsFile.readNetwork(TestData.sampleWeights());
    }

    private static float[][] flat(Network net) {
        float[][] p = new float[2 * net.sizes().layerCount()][];
        for (int l = 0; l < net.sizes().layerCount(); l++) {
            p[2 * l] = net.weights(l);
            p[2 * l + 1] = net.biases(l);
        }
        return p;
    }

    private static Network random(LayerSizes sizes, long seed, double std) {
        Random rng = new Random(seed);
        float[][] w = new float[sizes.layerCount()][];
        float[][] b = new float[sizes.layerCount()][];
        for (int l = 0; l < sizes.layerCount(); l++) {
            w[l] = new float[sizes.size(l) * sizes.size(l + 1)];
            b[l] = new float[sizes.size(l + 1)];
            for (int i = 0; i < w[l].length; i++) {
                w[l][i] = (float) (rng.nextGaussian() * std);
            }
            for (int i = 0; i < b[l].length; i++) {
                b[l][i] = (float) (rng.nextGaussian() * 0.1);
            }
        }
        return new Network(sizes, w, b);
    }

    /** The float32 gradient is the float64 one to float32's precision: within 1e-5 of the largest entry of each array. */
    private static void checkAgainstDouble(Network net, BatchGradient kernel, int[] picks) {
        int n = picks.length;
        float[][] packed = kernel.pack(flat(net));
        float[][] grads = kernel.zeros();
        double loss = kernel.gradient(packed, sparse, picks, n, 1f / n, grads);
        float[][] g = kernel.flatZeros();
        kernel.unpack(grads, g);

        double[] x = new double[n * MnistSet.PIXELS];
        int[] t = new int[n];
        for (int r = 0; r < n; r++) {
            byte[] img = sparse.dense(picks[r]);
            for (int k = 0; k < MnistSet.PIXELS; k++) {
                x[r * MnistSet.PIXELS + k] = (img[k] & 0xFF) / 255f;
            }
            t[r] = sparse.label(picks[r]);
        }
        Network64 n64 = Network64.of(net);
        Network64 expected = n64.gradient(x, t, n);
        assertEquals(n64.loss(x, t, n), loss / n, 1e-5);
        for (int i = 0; i < g.length; i++) {
            double scale = 0;
            for (double v : expected.array(i)) {
                scale = Math.max(scale, Math.abs(v));
            }
            assertTrue(scale > 0, Network64.key(i));
            for (int k = 0; k < g[i].length; k++) {
                assertEquals(expected.array(i)[k], g[i][k], 1e-5 * scale + 1e-12, Network64.key(i) + "[" + k + "]");
            }
        }
        // padding stays zero, so element-wise optimizers may run on the packed layout
        float[][] back = kernel.pack(g);
        for (int i = 0; i < back.length; i++) {
            assertArrayEquals(back[i], grads[i], Network64.key(i));
        }
    }

    private static int[] picks(long seed, int n) {
        Random rng = new Random(seed);
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = rng.nextInt(sparse.count());
        }
        return p;
    }

    @Test
    void theBooksNetworkOnAHundredImages() {
        checkAgainstDouble(book, new BatchGradient(book.sizes(), 100), picks(1, 100));
    }

    @Test
    void theScalarKernelsAgreeWithTheSimdOnes() {
        checkAgainstDouble(book, new BatchGradient(book.sizes(), 100, new ScalarKernels()), picks(2, 100));
    }

    @ParameterizedTest
    @ValueSource(strings = {"784-10", "784-50-10", "784-7-13-5-10", "784-100-100-100-10", "784-33-17-10"})
    void anyDepthAndWidth(String shape) {
        int[] s = java.util.Arrays.stream(shape.split("-")).mapToInt(Integer::parseInt).toArray();
        LayerSizes sizes = new LayerSizes(s);
        Network net = random(sizes, shape.hashCode(), 0.3);
        checkAgainstDouble(net, new BatchGradient(sizes, 3), picks(3, 37));
        checkAgainstDouble(net, new BatchGradient(sizes, 3, new ScalarKernels()), picks(4, 1));
    }

    @Test
    void theForwardPassClassifiesTheTestSetAsTheBooksNetwork() {
        MnistSet test = Mnist.readSet(TestData.mnistDir(), false);
        SparseImages s = SparseImages.of(0, test.images(), test.labels());
        BatchGradient kernel = new BatchGradient(book.sizes(), 100);
        float[][] packed = kernel.pack(flat(book));
        int correct = 0;
        for (int first = 0; first < s.count(); first += 100) {
            correct += kernel.correct(packed, s, first, Math.min(100, s.count() - first));
        }
        assertEquals(9352, correct);
    }

    @Test
    void sparseImagesAreTheDenseOnes() {
        for (int r : new int[] {0, 1, 1999}) {
            assertArrayEquals(java.util.Arrays.copyOfRange(train.images(), r * 784, r * 784 + 784), sparse.dense(r));
            assertEquals(train.label(r), sparse.label(r));
        }
        assertTrue(sparse.bytes() < 2000L * 784 * 4 / 5, "four bytes per nonzero pixel, a fifth of them: " + sparse.bytes());
    }

    @Test
    void denseRowsGiveTheGradientOfTheirSparseForm() {
        int n = 300;
        float[] values = new float[n * MnistSet.PIXELS];
        sparse.normalize(0, n, values);
        int[] labels = new int[n];
        for (int r = 0; r < n; r++) {
            labels[r] = sparse.label(r);
        }
        SparseImages dense = SparseImages.ofDense(0, MnistSet.PIXELS, values, labels);
        int[] picks = new int[60];
        Random rng = new Random(5);
        for (int i = 0; i < picks.length; i++) {
            picks[i] = rng.nextInt(n);
        }
        for (Kernels k : new Kernels[] {Kernels.INSTANCE, new ScalarKernels()}) {
            BatchGradient kernel = new BatchGradient(book.sizes(), 7, k);
            float[][] packed = kernel.pack(flat(book));
            float[][] fromSparse = kernel.zeros();
            float[][] fromDense = kernel.zeros();
            double lossSparse = kernel.gradient(packed, sparse, picks, picks.length, 1f / picks.length, fromSparse);
            double lossDense = kernel.gradient(packed, dense, picks, picks.length, 1f / picks.length, fromDense);
            assertEquals(lossSparse, lossDense, 1e-4);
            for (int i = 0; i < fromSparse.length; i++) {
                for (int j = 0; j < fromSparse[i].length; j++) {
                    assertEquals(fromSparse[i][j], fromDense[i][j], 1e-6, Network64.key(i) + "[" + j + "]");
                }
            }
            assertEquals(kernel.correct(packed, sparse, 0, n), kernel.correct(packed, dense, 0, n));
        }
    }
}
