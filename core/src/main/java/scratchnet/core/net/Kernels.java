package scratchnet.core.net;

/**
 * The few row operations the training kernel ({@link BatchGradient}) spends its time in, on rows
 * padded to a whole number of SIMD vectors ({@link #lanes()}). Two implementations: the Vector
 * API's ({@code SimdKernels}) and plain loops ({@code ScalarKernels}) for a JVM started without
 * {@code --add-modules jdk.incubator.vector}. Only one of them is ever loaded, so calls through
 * {@link #INSTANCE} are inlined.
 */
abstract class Kernels {
    /** The implementation this JVM can run. */
    static final Kernels INSTANCE = SimdForward.available() ? SimdKernels.create() : new ScalarKernels();

    /** @return the vector width in floats that row widths are padded to */
    abstract int lanes();

    /**
     * A row as a weighted sum of dense rows:
     * {@code c[cOff + j] = init[initOff + j] + Σ_{i<count} coef[coefOff + i·coefStride] · m[mOff + i·mStride + j]}
     * for {@code j < width}; {@code init == null} means zeros. {@code width} is a multiple of
     * {@link #lanes()}.
     */
    abstract void combineDense(float[] c, int cOff, float[] init, int initOff,
                               float[] coef, int coefOff, int coefStride, int count,
                               float[] m, int mOff, int mStride, int width);

    /**
     * A row as a weighted sum of rows given by sparse entries, each packed as
     * {@code (row << 8) | value}: {@code c[cOff + j] = Σ_{from≤i<to} table[value_i] · m[row_i · stride + j]}.
     */
    abstract void combineSparse(float[] c, int cOff, int[] entries, int from, int to, float[] table, float[] m, int stride, int width);

    /**
     * One row added, scaled, into several rows (a column of a sparse input times a weight row):
     * {@code c[row_i · stride + j] += table[value_i] · m[mOff + j]} for {@code from ≤ i < to},
     * {@code j < width}, each entry packed as {@code (row << 8) | value}.
     */
    abstract void scatter(float[] m, int mOff, int[] entries, int from, int to, float[] table, float[] c, int stride, int width);

    /** {@code a[i] = 1 / (1 + exp(-a[i]))} for {@code from ≤ i < to}, a multiple of {@link #lanes()} long. */
    abstract void sigmoid(float[] a, int from, int to);
}
