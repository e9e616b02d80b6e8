package scratchnet.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

import scratchnet.core.math.Activations;

/**
 * The kernels' exponential and sigmoid: pinned to {@code Math.exp} and to the definition
 * {@link Activations#sigmoid(float)}, and the same bits in SIMD lanes and in plain code.
 */
class KernelsTest {
    /**
     * Every 101st float of [-100, 100]: 22 million arguments, every exponent and mantissa pattern
     * alike. (Measured over every float of that range: exp at most 1 ulp, sigmoid at most 2.)
     */
    private static final int SWEEP_STRIDE = 101;
    private static final float SWEEP_FROM = -100f;
    private static final float SWEEP_TO = 100f;
    /** Below this the kernel's {@code exp(-a)} is clamped, and its sigmoid stays at 4.16e-39. */
    private static final float SIGMOID_CLAMPED_BELOW = -Kernels.EXP_HI;
    /** Above this {@code exp(-a)} is clamped too, but both sigmoids are exactly 1 there. */
    private static final float SIGMOID_CLAMPED_ABOVE = -Kernels.EXP_LO;

    @Test
    void expIsWithinOneUlpOfMathExpOverADenseSweep() {
        long worst = 0;
        for (long i = order(Kernels.EXP_LO); i <= order(Kernels.EXP_HI); i += SWEEP_STRIDE) {
            float x = unorder(i);
            worst = Math.max(worst, ulps(Kernels.exp(x), (float) Math.exp(x)));
        }
        assertTrue(worst <= 1, "exp is " + worst + " ulps from Math.exp");
    }

    @Test
    void sigmoidIsWithinTwoUlpsOfTheDefinitionOverADenseSweep() {
        long worst = 0;
        double worstClamped = 0;
        for (long i = order(SWEEP_FROM); i <= order(SWEEP_TO); i += SWEEP_STRIDE) {
            float a = unorder(i);
            float kernel = Kernels.sigmoid(a);
            float definition = Activations.sigmoid(a);
            if (a < SIGMOID_CLAMPED_BELOW) {
                worstClamped = Math.max(worstClamped, Math.abs((double) kernel - definition));
            } else {
                worst = Math.max(worst, ulps(kernel, definition));
            }
        }
        assertTrue(worst <= 2, "sigmoid is " + worst + " ulps from the definition");
        assertTrue(worstClamped <= 4.2e-39, "clamped sigmoid is " + worstClamped + " from the definition");
        assertEquals(1f, Kernels.sigmoid(SIGMOID_CLAMPED_ABOVE));
        assertEquals(1f, Activations.sigmoid(SIGMOID_CLAMPED_ABOVE));
    }

    @Test
    void simdAndScalarSigmoidsGiveTheSameBitsOverADenseSweep() {
        Kernels simd = Kernels.INSTANCE;
        Kernels scalar = new ScalarKernels();
        float[] a = new float[64 * 1024];
        long i = order(SWEEP_FROM);
        while (i <= order(SWEEP_TO)) {
            for (int k = 0; k < a.length; k++, i += SWEEP_STRIDE) {
                a[k] = unorder(Math.min(i, order(SWEEP_TO)));
            }
            float[] b = a.clone();
            simd.sigmoid(a, 0, a.length);
            scalar.sigmoid(b, 0, b.length);
            for (int k = 0; k < a.length; k++) {
                if (Float.floatToIntBits(a[k]) != Float.floatToIntBits(b[k])) {
                    assertEquals(Float.floatToIntBits(b[k]), Float.floatToIntBits(a[k]), "sigmoid near " + unorder(i));
                }
            }
        }
    }

    /** @return the float's place among all floats in order, -0 and +0 both at 0 */
    private static long order(float f) {
        int bits = Float.floatToRawIntBits(f);
        return bits < 0 ? -(long) (bits & Integer.MAX_VALUE) : bits;
    }

    private static float unorder(long i) {
        return i < 0 ? Float.intBitsToFloat((int) -i | Integer.MIN_VALUE) : Float.intBitsToFloat((int) i);
    }

    /** @return how many floats lie between two finite floats */
    private static long ulps(float a, float b) {
        return Math.abs(order(a) - order(b));
    }

    @Test
    void expIsWithinTwoUlpsOfTheTrueValue() {
        Random rng = new Random(5);
        for (int i = 0; i < 200_000; i++) {
            float x = (float) (rng.nextDouble() * 174 - 87);
            float e = Kernels.exp(x);
            double exact = Math.exp(x);
            assertTrue(Math.abs(e - exact) <= 2 * Math.ulp((float) exact), x + ": " + e + " vs " + exact);
        }
        assertEquals(1f, Kernels.exp(0f));
        assertEquals(0f, Kernels.exp(-1000f), 1.2e-38f, "clamped at the smallest normal float");
        assertTrue(Float.isNaN(Kernels.exp(Float.NaN)), "NaN stays NaN, so divergence is seen");
    }

    @Test
    void simdAndScalarSigmoidsGiveTheSameBits() {
        Kernels simd = Kernels.INSTANCE;
        Kernels scalar = new ScalarKernels();
        int n = 64 * 1000;
        float[] a = new float[n];
        Random rng = new Random(9);
        for (int i = 0; i < n; i++) {
            a[i] = (float) (rng.nextGaussian() * (i % 7 == 0 ? 40 : 3));
        }
        a[5] = Float.NaN;
        a[6] = Float.POSITIVE_INFINITY;
        a[7] = Float.NEGATIVE_INFINITY;
        float[] b = a.clone();
        simd.sigmoid(a, 0, n);
        scalar.sigmoid(b, 0, n);
        for (int i = 0; i < n; i++) {
            assertEquals(Float.floatToIntBits(b[i]), Float.floatToIntBits(a[i]), "element " + i);
        }
        assertTrue(Float.isNaN(a[5]));
        assertEquals(1f, a[6]);
        assertEquals(0f, a[7], 4.2e-39f, "saturated");
    }
}
