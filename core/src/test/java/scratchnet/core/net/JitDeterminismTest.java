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

/**
 * The SIMD forward pass (evaluation) and gradient (training) give the same bits before and after
 * the JIT has compiled them: the same weights evaluate and train alike in every JVM, whenever C2
 * gets there. (With the Vector API's {@code EXP} they did not: C2's vector math stubs and the
 * interpreter's {@code Math.exp} differ in the last bit, so two trainings with one seed ended with
 * different weights; {@link KernelsTest} checks the exponential that replaced it.)
 */
class JitDeterminismTest {
    private static final int WARM_UP = 3000;

    @Test
    void predictionsAndGradientsAreTheSameColdAndWarm() {
        assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), "the Vector API is not in this JVM");
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
