package scratchnet.core.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import scratchnet.core.Golden;

class ActivationsTest {

    @Test
    void sigmoidOfTheBooksExample() {
        assertArrayEquals(new float[] {0.26894142f, 0.7310586f, 0.880797f}, Activations.sigmoid(new float[] {-1f, 1f, 2f}), 1e-7f);
    }

    @Test
    void floatSigmoidIsTheDoubleDefinitionRoundedOnce() {
        assertEquals(0.2689414213699951, Activations.sigmoid(-1.0), 1e-16);
        for (float a : new float[] {-87.5f, -17.25f, -1f, -1e-8f, 0f, 0.3f, 1f, 2f, 17.25f, 90f}) {
            assertEquals((float) Activations.sigmoid((double) a), Activations.sigmoid(a), 0f, "sigmoid(" + a + ")");
        }
    }

    @Test
    void softmaxOfEveryRowOfADoubleBatchIsTheBooks() {
        JsonNode golden = Golden.get("ch4_simplenet");
        double[] a = Golden.vector(golden.get("predict"));
        double[] expected = Golden.vector(golden.get("softmax"));
        double[] batch = new double[2 * a.length];
        System.arraycopy(a, 0, batch, 0, a.length);
        for (int k = 0; k < a.length; k++) {
            batch[a.length + k] = a[k] + 1000;
        }
        Activations.softmaxInPlace(batch, 0, a.length);
        Activations.softmaxInPlace(batch, a.length, 2 * a.length);
        assertArrayEquals(expected, java.util.Arrays.copyOf(batch, a.length), 1e-15);
        assertArrayEquals(Activations.softmax(a), java.util.Arrays.copyOf(batch, a.length), 0.0);
        assertArrayEquals(expected, java.util.Arrays.copyOfRange(batch, a.length, 2 * a.length), 1e-13, "shifted by 1000: stable");
    }

    @Test
    void softmaxIsStableForLargeInputs() {
        float[] y = Activations.softmax(new float[] {1010f, 1000f, 990f});
        assertArrayEquals(new float[] {9.9995460e-01f, 4.5397868e-05f, 2.0610600e-09f}, y, 1e-7f);
        float[] small = Activations.softmax(new float[] {0.3f, 2.9f, 4.0f});
        assertArrayEquals(new float[] {0.01821127f, 0.24519181f, 0.73659691f}, small, 1e-7f);
    }

    @Test
    void softmaxRowsTreatsEachRowAlone() {
        float[] batch = {0.3f, 2.9f, 4.0f, 1010f, 1000f, 990f};
        Activations.softmaxRows(batch, 2, 3);
        assertEquals(0.24519181f, batch[1], 1e-7f);
        assertEquals(4.5397868e-05f, batch[4], 1e-9f);
    }

    @Test
    void argmaxTakesTheFirstMaximumAsNumpy() {
        assertEquals(1, Activations.argmax(new float[] {0.1f, 0.8f, 0.8f}));
        assertArrayEquals(new int[] {1, 2, 1, 0},
                Activations.argmaxRows(new float[] {0.1f, 0.8f, 0.1f, 0.3f, 0.1f, 0.6f, 0.2f, 0.5f, 0.3f, 0.8f, 0.1f, 0.1f}, 4, 3));
    }
}
