package scratchnet.core.net;

import scratchnet.core.Simd;

/**
 * The float32 kernels, in two implementations: the Vector API's ({@code SimdKernels}) and plain
 * loops ({@code ScalarKernels}) for a JVM started without {@code --add-modules jdk.incubator.vector}
 * or run with {@code -Dscratchnet.simd=false} ({@link Simd}, the one switch). {@link #INSTANCE}
 * is the one place that picks one of them, for inference and training alike: the forward pass of
 * inference ({@link #forwardPass}, what {@link Network#predictBatch} runs) and the few row
 * operations the training kernel ({@link BatchGradient}) spends its time in, on rows padded to a whole number of
 * SIMD vectors ({@link #lanes()}). Only one implementation is ever instantiated, so calls through
 * {@link #INSTANCE} are inlined.
 */
abstract class Kernels {
    /** The implementation this JVM runs, as the SIMD switch ({@link Simd#ENABLED}) says. */
    static final Kernels INSTANCE = Simd.ENABLED ? SimdKernels.create() : new ScalarKernels();

    /** @return the vector width in floats that row widths are padded to */
    abstract int lanes();

    /**
     * @return the inference forward pass of {@code network} on these kernels (its SIMD pass keeps
     *         padded copies of the weights); both implementations give the same bits
     */
    abstract ForwardPass forwardPass(Network network);

    /**
     * Two rows, each a weighted sum of the same dense rows with coefficients of its own: for
     * {@code q = 0, 1} and {@code j < width},
     * {@code c[cOff_q + j] = init[initOff + j] + Σ_{i<count} coef[coefOff_q + i·coefStride] · m[mOff + i·mStride + j]},
     * {@code init == null} meaning zeros. Two rows at a time because they share every load of
     * {@code m} and give the processor twice the independent sums to overlap. A single row is the
     * pair of it with itself ({@code cOff1 == cOff0}, {@code coefOff1 == coefOff0}). {@code width}
     * is a multiple of {@link #lanes()}.
     */
    abstract void combineDense(float[] c, int cOff0, int cOff1, float[] init, int initOff,
                               float[] coef, int coefOff0, int coefOff1, int coefStride, int count,
                               float[] m, int mOff, int mStride, int width);

    /**
     * Two rows, each a weighted sum of rows of {@code m} named by sparse entries of its own, each
     * entry packed as {@code (row << 8) | value}: for {@code q = 0, 1} and {@code j < width},
     * {@code c[cOff_q + j] = init[j] + Σ_{from_q ≤ i < to_q} table[value_i] · m[row_i · stride + j]},
     * summed in the entries' order, {@code init == null} meaning zeros. A single row is the pair of
     * it with itself.
     */
    abstract void combineSparse(float[] c, int cOff0, int cOff1, float[] init, int[] entries, int from0, int to0, int from1, int to1,
                                float[] table, float[] m, int stride, int width);

    /**
     * {@code a[i] = sigmoid(a[i])} as {@link #sigmoid(float)} for {@code from ≤ i < to}, a multiple
     * of {@link #lanes()} long: both implementations give the same bits.
     */
    abstract void sigmoid(float[] a, int from, int to);

    /**
     * The book's {@code sigmoid}, {@code 1 / (1 + exp(-a))}, in float32 with {@link #exp(float)}:
     * the kernels' implementation of {@link scratchnet.core.math.Activations#sigmoid(float)},
     * which a test keeps within a stated number of ulps of it.
     */
    static float sigmoid(float a) {
        return 1f / (1f + exp(-a));
    }

    // exp(x) for float32 as Cephes' expf: x = k·ln2 + r (Cody–Waite, ln2 in two parts), e^r by a
    // degree-7 polynomial, times 2^k written into the exponent bits. Only +, ×, FMA, min, max and bit
    // moves, each exact or exactly rounded by IEEE 754, so the result is the same in the interpreter,
    // in C1, in C2 and in SIMD lanes (the Vector API's own EXP is SVML once compiled and Math.exp
    // before: not the same bits). Arguments are clamped to [-87.34, 88.38], where 2^k is a normal
    // float: the sigmoid saturates there anyway (its value changes by less than 4e-39).
    static final float EXP_HI = 88.3762626647949f;
    static final float EXP_LO = -87.3365478515625f;
    static final float LOG2E = 1.44269504088896341f;
    static final float LN2_HI = 0.693359375f;
    static final float LN2_LO = -2.12194440e-4f;
    /** 1.5 · 2^23: adding and subtracting it rounds a float to an integer. */
    static final float ROUND = 12582912f;
    /** 2^23 + 127: {@code k + BIAS} holds {@code k + 127} in its low mantissa bits. */
    static final float BIAS = 8388735f;
    static final float P0 = 1.9875691500e-4f;
    static final float P1 = 1.3981999507e-3f;
    static final float P2 = 8.3334519073e-3f;
    static final float P3 = 4.1665795894e-2f;
    static final float P4 = 1.6666665459e-1f;
    static final float P5 = 5.0000001201e-1f;

    /** @return {@code e^x} within about 1 ulp for {@code x} in [-87.34, 88.38] (clamped there), the same bits on every JIT tier; NaN stays NaN */
    static float exp(float x) {
        float c = Math.min(Math.max(x, EXP_LO), EXP_HI);
        float k = Math.fma(c, LOG2E, ROUND) - ROUND;
        float r = Math.fma(k, -LN2_LO, Math.fma(k, -LN2_HI, c));
        float z = r * r;
        float p = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(P0, r, P1), r, P2), r, P3), r, P4), r, P5);
        float e = Math.fma(p, z, r) + 1f;
        return e * Float.intBitsToFloat(Float.floatToRawIntBits(k + BIAS) << 23);
    }
}
