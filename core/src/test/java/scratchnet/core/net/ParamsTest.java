package scratchnet.core.net;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** {@link Params#finite}: any NaN or infinity anywhere is found; the largest floats, however many, are finite. */
class ParamsTest {

    @Test
    void everyNonFiniteValueIsFoundWherever() {
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            for (int at : new int[] {0, 1, 2, 3, 4, 45_358}) {
                float[][] params = {new float[45_359], new float[7]};
                params[0][at] = bad;
                assertFalse(Params.finite(params), bad + " at " + at);
            }
            float[][] inBias = {new float[10], {0, bad}};
            assertFalse(Params.finite(inBias), bad + " in the second array");
        }
        float[] both = new float[9];
        both[2] = Float.POSITIVE_INFINITY;
        both[7] = Float.NEGATIVE_INFINITY;
        assertFalse(Params.finite(new float[][] {both}), "infinities of both signs");
    }

    @Test
    void largeFiniteValuesAreFinite() {
        float[] max = new float[1 << 20];
        Arrays.fill(max, Float.MAX_VALUE);
        float[] alternating = new float[1001];
        for (int i = 0; i < alternating.length; i++) {
            alternating[i] = i % 2 == 0 ? Float.MAX_VALUE : -Float.MAX_VALUE;
        }
        assertTrue(Params.finite(new float[][] {max, alternating, {}, {-0f, Float.MIN_VALUE}}));
    }
}
