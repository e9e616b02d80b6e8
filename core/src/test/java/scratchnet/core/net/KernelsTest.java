package scratchnet.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** The kernels' exponential: accurate, and the same bits in SIMD lanes and in plain code. */
class KernelsTest {

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
