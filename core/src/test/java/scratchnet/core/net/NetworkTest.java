package scratchnet.core.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import scratchnet.core.TestData;
import scratchnet.core.data.Mnist;
import scratchnet.core.data.MnistSet;
import scratchnet.core.io.WeightsFile;
import scratchnet.core.math.Activations;

/** The book's chapter 3 inference with its own weights: {@code Accuracy:0.9352}, loop and batch. */
class NetworkTest {
    private static Network network;
    private static MnistSet test;
    private static float[] x;
    private static final JsonNode GOLDEN = TestData.golden().at("/ch3_inference/float32");

    @BeforeAll
    static void load() {
        network = WeightsFile.readNetwork(TestData.sampleWeights());
        test = Mnist.readSet(TestData.mnistDir(), false);
        x = test.normalizedImages();
    }

    @Test
    void perImageLoopGivesTheBooksAccuracy() {
        int correct = 0;
        float[] one = new float[MnistSet.PIXELS];
        for (int i = 0; i < test.count(); i++) {
            System.arraycopy(x, i * MnistSet.PIXELS, one, 0, one.length);
            if (Activations.argmax(network.predict(one)) == test.label(i)) {
                correct++;
            }
        }
        assertEquals(0.9352, (double) correct / test.count());
    }

    @Test
    void batchLoopGivesTheBooksAccuracyAndPredictions() {
        int correct = 0;
        int[] predictions = new int[test.count()];
        long[][] confusion = new long[10][10];
        for (int first = 0; first < test.count(); first += 100) {
            int[] p = Activations.argmaxRows(network.predictBatch(x, first * MnistSet.PIXELS, 100), 100, 10);
            for (int i = 0; i < 100; i++) {
                predictions[first + i] = p[i];
                confusion[test.label(first + i)][p[i]]++;
                correct += p[i] == test.label(first + i) ? 1 : 0;
            }
        }
        assertEquals(GOLDEN.get("accuracy").asDouble(), (double) correct / test.count());
        assertArrayEquals(TestData.ints(GOLDEN.get("pred_first100")), java.util.Arrays.copyOf(predictions, 100));
        for (int t = 0; t < 10; t++) {
            for (int p = 0; p < 10; p++) {
                assertEquals(GOLDEN.at("/confusion_matrix/" + t + "/" + p).asLong(), confusion[t][p], "confusion[" + t + "][" + p + "]");
            }
        }
    }

    @Test
    void softmaxOfTheFirstTestImageMatchesNumpy() {
        float[] y = network.predictBatch(x, 0, 1);
        double[] expected = TestData.doubles(GOLDEN.get("softmax_test0"));
        for (int k = 0; k < 10; k++) {
            assertEquals(expected[k], y[k], 2e-6 * Math.max(1e-3, expected[k]) + 1e-9, "softmax[" + k + "]");
        }
    }

    @Test
    void simdAndScalarPassesAgree() {
        float[] simd = network.predictBatch(x, 0, test.count());
        float[] scalar = network.predictBatchScalar(x, 0, test.count());
        assertArrayEquals(Activations.argmaxRows(scalar, test.count(), 10), Activations.argmaxRows(simd, test.count(), 10));
        for (int i = 0; i < simd.length; i++) {
            assertEquals(scalar[i], simd[i], 2e-6f, "softmax value " + i);
        }
    }

    @Test
    void scalarPassGivesTheSimdPassesBitsAndTheBooksAccuracy() {
        int correct = 0;
        int correctScalar = 0;
        for (int first = 0; first < test.count(); first += 100) {
            float[] simd = network.predictBatch(x, first * MnistSet.PIXELS, 100);
            float[] scalar = network.predictBatchScalar(x, first * MnistSet.PIXELS, 100);
            for (int i = 0; i < simd.length; i++) {
                if (Float.floatToRawIntBits(simd[i]) != Float.floatToRawIntBits(scalar[i])) {
                    assertEquals(simd[i], scalar[i], 0f, "image " + (first + i / 10) + ", softmax[" + i % 10 + "]");
                }
            }
            int[] p = Activations.argmaxRows(simd, 100, 10);
            int[] q = Activations.argmaxRows(scalar, 100, 10);
            for (int i = 0; i < 100; i++) {
                correct += p[i] == test.label(first + i) ? 1 : 0;
                correctScalar += q[i] == test.label(first + i) ? 1 : 0;
            }
        }
        assertEquals(9352, correct);
        assertEquals(9352, correctScalar);
    }

    @Test
    void weightsRoundTripThroughNamedArrays() {
        Network copy = Network.fromArrays(network.toArrays(), "copy");
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(network.weights(i), copy.weights(i));
            assertArrayEquals(network.biases(i), copy.biases(i));
        }
        assertEquals(LayerSizes.BOOK, copy.sizes());
    }

    @Test
    void theSoftmaxOfTheLogitsIsThePrediction() {
        float[] logits = network.logitsBatch(x, 0, 100);
        float[] probabilities = network.predictBatch(x, 0, 100);
        assertEquals(1000, logits.length);
        Activations.softmaxRows(logits, 100, 10);
        assertArrayEquals(probabilities, logits);
    }
}
