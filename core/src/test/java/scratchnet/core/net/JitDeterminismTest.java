package scratchnet.core.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import scratchnet.core.TestData;
import scratchnet.core.data.Mnist;
import scratchnet.core.data.MnistSet;
import scratchnet.core.data.SparseImages;
import scratchnet.core.io.WeightsFile;
import scratchnet.core.math.Activations;

/**
 * The SIMD kernels give the same bits before and after the JIT has compiled them: the same
 * weights evaluate and train alike in every JVM, whenever C2 gets there. (The Vector API's
 * {@code EXP} did not: C2's vector math stubs and the interpreter's {@code Math.exp} differ in the
 * last bit, so a training run's weights depended on timing.)
 */
class JitDeterminismTest {
    private static final int WARM_UP = 3000;

    @Test
    void theSimdSigmoidIsActivationsSigmoidColdAndWarm() {
        assumeTrue(SimdForward.available(), "the Vector API is not in this JVM");
        Kernels simd = SimdKernels.create();
        float[] x = new float[1024];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i - 512) / 37.3f;
        }
        float[] expected = Activations.sigmoid(x);
        for (int run = 0; run < WARM_UP; run++) {
            float[] a = x.clone();
            simd.sigmoid(a, 0, a.length);
            if (run == 0 || run == WARM_UP - 1) {
                assertArrayEquals(expected, a, "run " + run);
            }
        }
    }

    @Test
    void predictionsAndGradientsAreTheSameColdAndWarm() {
        assumeTrue(SimdForward.available(), "the Vector API is not in this JVM");
        Network network = WeightsFile.readNetwork(TestData.sampleWeights());
        MnistSet test = Mnist.readSet(TestData.mnistDir(), false);
        float[] x = MnistSet.normalize(test.images(), 0, 100 * MnistSet.PIXELS);
        SparseImages images = SparseImages.of(0, Arrays.copyOf(test.images(), 100 * MnistSet.PIXELS), Arrays.copyOf(test.labels(), 100));
        int[] picks = new int[100];
        Arrays.setAll(picks, i -> i);
        BatchGradient kernel = new BatchGradient(network.sizes(), 100);
        float[][] params = kernel.pack(Params.of(network));

        float[] coldY = network.predictBatch(x, 0, 100);
        float[][] coldGrads = kernel.zeros();
        kernel.gradient(params, images, picks, 100, 0.01f, coldGrads);
        for (int run = 0; run < WARM_UP; run++) {
            network.predictBatch(x, 0, 100);
            kernel.gradient(params, images, picks, 100, 0.01f, kernel.zeros());
        }
        assertArrayEquals(coldY, network.predictBatch(x, 0, 100));
        float[][] warmGrads = kernel.zeros();
        kernel.gradient(params, images, picks, 100, 0.01f, warmGrads);
        for (int i = 0; i < coldGrads.length; i++) {
            assertArrayEquals(coldGrads[i], warmGrads[i], "gradient " + i);
        }
    }
}
