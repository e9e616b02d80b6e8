package scratchnet.core.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import scratchnet.core.TestData;
import scratchnet.core.data.Mnist;
import scratchnet.core.data.MnistSet;
import scratchnet.core.io.WeightsFile;

/** The float64 network against golden {@code ch4_gradient_check_3layer}: NumPy's backprop and numerical gradient of the book's weights on 3 images. */
class Network64Test {
    private static final JsonNode GOLDEN = TestData.golden().get("ch4_gradient_check_3layer");
    private static Network64 net;
    private static double[] x;
    private static int[] t;

    @BeforeAll
    static void load() {
        net = Network64.of(WeightsFile.readNetwork(TestData.sampleWeights()));
        MnistSet train = Mnist.readSet(TestData.mnistDir(), true);
        float[] xf = MnistSet.normalize(train.images(), 0, 3 * MnistSet.PIXELS);
        x = new double[xf.length];
        for (int i = 0; i < xf.length; i++) {
            x[i] = xf[i];
        }
        t = new int[] {train.label(0), train.label(1), train.label(2)};
    }

    @Test
    void lossIsNumpys() {
        assertArrayEquals(TestData.ints(GOLDEN.get("labels")), t);
        assertEquals(GOLDEN.get("loss").asDouble(), net.loss(x, t, 3), 1e-15);
    }

    @Test
    void backpropIsNumpys() {
        Network64 grad = net.gradient(x, t, 3);
        assertArrayEquals(TestData.doubles(GOLDEN.get("backprop_b3")), grad.array(5), 1e-16);
        assertArrayEquals(TestData.doubles(GOLDEN.get("backprop_b2")), grad.array(3), 1e-16);
        assertArrayEquals(TestData.doubles(GOLDEN.get("backprop_b1")), grad.array(1), 1e-16);
        assertArrayEquals(TestData.doubles(GOLDEN.get("backprop_W3_row0")), java.util.Arrays.copyOf(grad.array(4), 10), 1e-16);
        Map<String, Double> sums = grad.sums();
        for (String key : new String[] {"W1", "b1", "W2", "b2"}) {
            assertEquals(GOLDEN.at("/backprop_sum/" + key).asDouble(), sums.get(key), 1e-13, key);
        }
        // W3 and b3 sum to zero in exact arithmetic (softmax rows minus one-hot rows): only rounding is left
        assertEquals(0, sums.get("W3"), 1e-14);
        assertEquals(0, sums.get("b3"), 1e-15);
        for (int i = 0; i < grad.arrayCount(); i++) {
            double abs = 0;
            for (double v : grad.array(i)) {
                abs += Math.abs(v);
            }
            assertEquals(GOLDEN.at("/backprop_abs_sum/" + Network64.key(i)).asDouble(), abs, 1e-12, Network64.key(i));
        }
    }

    @Test
    void numericalGradientMatchesNumpysAndTheMeanDifferencesAreGoldens() {
        double[] numerical = net.numericalGradient(0, net.parameterCount(), x, t, 3);
        Network64 num = net.withValues(numerical);
        assertArrayEquals(TestData.doubles(GOLDEN.get("numerical_b3")), num.array(5), 1e-12);
        Map<String, Double> sums = num.sums();
        Map<String, Double> mean = net.gradient(x, t, 3).meanAbsDiff(num);
        Map<String, Double> max = net.gradient(x, t, 3).maxAbsDiff(num);
        for (int i = 0; i < num.arrayCount(); i++) {
            String key = Network64.key(i);
            assertEquals(GOLDEN.at("/numerical_sum/" + key).asDouble(), sums.get(key), 1e-9, key);
            // the differences are the central difference's own error (h² terms and the loss's delta), a few
            // 1e-10: the same in NumPy and here but for rounding, which is a thousand times smaller
            double golden = GOLDEN.at("/mean_abs_diff/" + key).asDouble();
            assertEquals(golden, mean.get(key), golden * 0.02, key + " mean");
            double goldenMax = GOLDEN.at("/max_abs_diff/" + key).asDouble();
            assertEquals(goldenMax, max.get(key), goldenMax * 0.05, key + " max");
        }
    }

    @Test
    void recomputingOneColumnIsTheFullForwardPassBitForBit() {
        int[] probes = {0, 12345, 39199, 39200, 39249, 39250, 44000, 44250, 44259, 44999, 45356};
        for (int p : probes) {
            if (p >= net.parameterCount()) {
                continue;
            }
            double fast = net.numericalGradient(p, p + 1, x, t, 3)[0];
            assertEquals(naive(p), fast, 0.0, "parameter " + p);
        }
    }

    private static double naive(int p) {
        int array = 0;
        int offset = 0;
        while (p >= offset + net.array(array).length) {
            offset += net.array(array).length;
            array++;
        }
        double[] values = net.array(array);
        double tmp = values[p - offset];
        values[p - offset] = tmp + 1e-4;
        double f1 = net.loss(x, t, 3);
        values[p - offset] = tmp - 1e-4;
        double f2 = net.loss(x, t, 3);
        values[p - offset] = tmp;
        return (f1 - f2) / (2 * 1e-4);
    }

    @Test
    void parametersAreRestoredExactly() {
        double[] before = net.array(0).clone();
        net.numericalGradient(100, 200, x, t, 3);
        assertArrayEquals(before, net.array(0));
        assertTrue(net.parameterCount() == LayerSizes.BOOK.parameterCount());
    }
}
