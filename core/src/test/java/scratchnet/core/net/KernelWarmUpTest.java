package scratchnet.core.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import scratchnet.core.TestData;
import scratchnet.core.io.WeightsFile;

/** The warm-ups train any network with any optimizer, and run any network's forward pass, on made-up images. */
class KernelWarmUpTest {
    @ParameterizedTest
    @CsvSource({"784-50-100-10, 50, momentum", "784-33-17-10, 7, adam", "784-10, 1, sgd", "784-20-10, 100, adagrad"})
    void trainsAnyNetworkWithAnyOptimizer(String shape, int rows, String optimizer) {
        LayerSizes sizes = new LayerSizes(java.util.Arrays.stream(shape.split("-")).mapToInt(Integer::parseInt).toArray());
        long steps = new KernelWarmUp(sizes, rows, Optimizer.Kind.parse(optimizer)).run(300);
        assertTrue(steps > 0, "took steps: " + steps);
    }

    @Test
    void runsTheForwardPassOfTheBooksNetworkAndChangesNothing() {
        Network book = WeightsFile.readNetwork(TestData.sampleWeights());
        float[] w1 = book.weights(0).clone();
        KernelWarmUp.forward(book, 300);
        assertArrayEquals(w1, book.weights(0), "the weights are only read");
    }
}
