package scratchnet.core.net;

/** {@link Kernels} in plain loops, for a JVM without the Vector API; lanes of one float. */
final class ScalarKernels extends Kernels {

    @Override
    int lanes() {
        return 1;
    }

    @Override
    ForwardPass forwardPass(Network network) {
        return new ScalarForward(network);
    }

    @Override
    void combineDense(float[] c, int cOff0, int cOff1, float[] init, int initOff, float[] coef, int coefOff0, int coefOff1, int coefStride,
                      int count, float[] m, int mOff, int mStride, int width) {
        row(c, cOff1, init, initOff, coef, coefOff1, coefStride, count, m, mOff, mStride, width);
        row(c, cOff0, init, initOff, coef, coefOff0, coefStride, count, m, mOff, mStride, width);
    }

    private static void row(float[] c, int cOff, float[] init, int initOff, float[] coef, int coefOff, int coefStride, int count,
                            float[] m, int mOff, int mStride, int width) {
        start(c, cOff, init, initOff, width);
        for (int i = 0; i < count; i++) {
            float a = coef[coefOff + i * coefStride];
            int row = mOff + i * mStride;
            for (int j = 0; j < width; j++) {
                c[cOff + j] = Math.fma(a, m[row + j], c[cOff + j]);
            }
        }
    }

    @Override
    void combineSparse(float[] c, int cOff0, int cOff1, float[] init, int[] entries, int from0, int to0, int from1, int to1,
                       float[] table, float[] m, int stride, int width) {
        row(c, cOff1, init, entries, from1, to1, table, m, stride, width);
        row(c, cOff0, init, entries, from0, to0, table, m, stride, width);
    }

    private static void row(float[] c, int cOff, float[] init, int[] entries, int from, int to, float[] table, float[] m, int stride, int width) {
        start(c, cOff, init, 0, width);
        for (int i = from; i < to; i++) {
            float a = table[entries[i] & 0xFF];
            int row = (entries[i] >>> 8) * stride;
            for (int j = 0; j < width; j++) {
                c[cOff + j] = Math.fma(a, m[row + j], c[cOff + j]);
            }
        }
    }

    private static void start(float[] c, int cOff, float[] init, int initOff, int width) {
        if (init == null) {
            java.util.Arrays.fill(c, cOff, cOff + width, 0f);
        } else {
            System.arraycopy(init, initOff, c, cOff, width);
        }
    }

    @Override
    void sigmoid(float[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            a[i] = sigmoid(a[i]);
        }
    }
}
