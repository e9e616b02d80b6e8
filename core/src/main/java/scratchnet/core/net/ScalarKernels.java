package scratchnet.core.net;

/** {@link Kernels} in plain loops, for a JVM without the Vector API; lanes of one float. */
final class ScalarKernels extends Kernels {

    @Override
    int lanes() {
        return 1;
    }

    @Override
    void combineDense(float[] c, int cOff, float[] init, int initOff, float[] coef, int coefOff, int coefStride, int count,
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
    void combineSparse(float[] c, int cOff, int[] entries, int from, int to, float[] table, float[] m, int stride, int width) {
        java.util.Arrays.fill(c, cOff, cOff + width, 0f);
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
    void scatter(float[] m, int mOff, int[] entries, int from, int to, float[] table, float[] c, int stride, int width) {
        for (int i = from; i < to; i++) {
            float a = table[entries[i] & 0xFF];
            int row = (entries[i] >>> 8) * stride;
            for (int j = 0; j < width; j++) {
                c[row + j] = Math.fma(a, m[mOff + j], c[row + j]);
            }
        }
    }

    @Override
    void sigmoid(float[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            a[i] = 1f / (1f + exp(-a[i]));
        }
    }
}
