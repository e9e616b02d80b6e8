package scratchnet.core.net;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Kernels} on SIMD registers. A row is built four vectors at a time, the four running sums
 * kept in registers over the whole weighted sum (each coefficient broadcast once, each row of
 * {@code m} loaded once); two or three remaining vectors together the same way; a single
 * remaining vector with four interleaved partial sums, so that the FMA latency is hidden there too.
 */
final class SimdKernels extends Kernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private SimdKernels() {
    }

    static Kernels create() {
        return new SimdKernels();
    }

    @Override
    int lanes() {
        return L;
    }

    @Override
    void combineDense(float[] c, int cOff, float[] init, int initOff, float[] coef, int coefOff, int coefStride, int count,
                      float[] m, int mOff, int mStride, int width) {
        int j = 0;
        for (; j + 4 * L <= width; j += 4 * L) {
            FloatVector s0 = start(init, initOff + j);
            FloatVector s1 = start(init, initOff + j + L);
            FloatVector s2 = start(init, initOff + j + 2 * L);
            FloatVector s3 = start(init, initOff + j + 3 * L);
            for (int i = 0; i < count; i++) {
                FloatVector a = FloatVector.broadcast(S, coef[coefOff + i * coefStride]);
                int row = mOff + i * mStride + j;
                s0 = FloatVector.fromArray(S, m, row).fma(a, s0);
                s1 = FloatVector.fromArray(S, m, row + L).fma(a, s1);
                s2 = FloatVector.fromArray(S, m, row + 2 * L).fma(a, s2);
                s3 = FloatVector.fromArray(S, m, row + 3 * L).fma(a, s3);
            }
            s0.intoArray(c, cOff + j);
            s1.intoArray(c, cOff + j + L);
            s2.intoArray(c, cOff + j + 2 * L);
            s3.intoArray(c, cOff + j + 3 * L);
        }
        int rest = (width - j) / L;
        if (rest == 3) {
            FloatVector s0 = start(init, initOff + j);
            FloatVector s1 = start(init, initOff + j + L);
            FloatVector s2 = start(init, initOff + j + 2 * L);
            for (int i = 0; i < count; i++) {
                FloatVector a = FloatVector.broadcast(S, coef[coefOff + i * coefStride]);
                int row = mOff + i * mStride + j;
                s0 = FloatVector.fromArray(S, m, row).fma(a, s0);
                s1 = FloatVector.fromArray(S, m, row + L).fma(a, s1);
                s2 = FloatVector.fromArray(S, m, row + 2 * L).fma(a, s2);
            }
            s0.intoArray(c, cOff + j);
            s1.intoArray(c, cOff + j + L);
            s2.intoArray(c, cOff + j + 2 * L);
            return;
        }
        if (rest == 2) {
            FloatVector s0 = start(init, initOff + j);
            FloatVector s1 = start(init, initOff + j + L);
            for (int i = 0; i < count; i++) {
                FloatVector a = FloatVector.broadcast(S, coef[coefOff + i * coefStride]);
                int row = mOff + i * mStride + j;
                s0 = FloatVector.fromArray(S, m, row).fma(a, s0);
                s1 = FloatVector.fromArray(S, m, row + L).fma(a, s1);
            }
            s0.intoArray(c, cOff + j);
            s1.intoArray(c, cOff + j + L);
            return;
        }
        if (rest == 1) {
            FloatVector s0 = start(init, initOff + j);
            FloatVector s1 = FloatVector.zero(S);
            FloatVector s2 = FloatVector.zero(S);
            FloatVector s3 = FloatVector.zero(S);
            int i = 0;
            for (; i + 4 <= count; i += 4) {
                int row = mOff + i * mStride + j;
                int co = coefOff + i * coefStride;
                s0 = FloatVector.fromArray(S, m, row).fma(FloatVector.broadcast(S, coef[co]), s0);
                s1 = FloatVector.fromArray(S, m, row + mStride).fma(FloatVector.broadcast(S, coef[co + coefStride]), s1);
                s2 = FloatVector.fromArray(S, m, row + 2 * mStride).fma(FloatVector.broadcast(S, coef[co + 2 * coefStride]), s2);
                s3 = FloatVector.fromArray(S, m, row + 3 * mStride).fma(FloatVector.broadcast(S, coef[co + 3 * coefStride]), s3);
            }
            for (; i < count; i++) {
                s0 = FloatVector.fromArray(S, m, mOff + i * mStride + j).fma(FloatVector.broadcast(S, coef[coefOff + i * coefStride]), s0);
            }
            s0.add(s1).add(s2.add(s3)).intoArray(c, cOff + j);
        }
    }

    @Override
    void combineSparse(float[] c, int cOff, int[] entries, int from, int to, float[] table, float[] m, int stride, int width) {
        int j = 0;
        for (; j + 4 * L <= width; j += 4 * L) {
            FloatVector s0 = FloatVector.zero(S);
            FloatVector s1 = FloatVector.zero(S);
            FloatVector s2 = FloatVector.zero(S);
            FloatVector s3 = FloatVector.zero(S);
            for (int i = from; i < to; i++) {
                int e = entries[i];
                FloatVector a = FloatVector.broadcast(S, table[e & 0xFF]);
                int row = (e >>> 8) * stride + j;
                s0 = FloatVector.fromArray(S, m, row).fma(a, s0);
                s1 = FloatVector.fromArray(S, m, row + L).fma(a, s1);
                s2 = FloatVector.fromArray(S, m, row + 2 * L).fma(a, s2);
                s3 = FloatVector.fromArray(S, m, row + 3 * L).fma(a, s3);
            }
            s0.intoArray(c, cOff + j);
            s1.intoArray(c, cOff + j + L);
            s2.intoArray(c, cOff + j + 2 * L);
            s3.intoArray(c, cOff + j + 3 * L);
        }
        for (; j < width; j += L) {
            FloatVector s0 = FloatVector.zero(S);
            FloatVector s1 = FloatVector.zero(S);
            int i = from;
            for (; i + 2 <= to; i += 2) {
                int e0 = entries[i];
                int e1 = entries[i + 1];
                s0 = FloatVector.fromArray(S, m, (e0 >>> 8) * stride + j).fma(FloatVector.broadcast(S, table[e0 & 0xFF]), s0);
                s1 = FloatVector.fromArray(S, m, (e1 >>> 8) * stride + j).fma(FloatVector.broadcast(S, table[e1 & 0xFF]), s1);
            }
            for (; i < to; i++) {
                int e = entries[i];
                s0 = FloatVector.fromArray(S, m, (e >>> 8) * stride + j).fma(FloatVector.broadcast(S, table[e & 0xFF]), s0);
            }
            s0.add(s1).intoArray(c, cOff + j);
        }
    }

    private static FloatVector start(float[] init, int at) {
        return init == null ? FloatVector.zero(S) : FloatVector.fromArray(S, init, at);
    }

    @Override
    void scatter(float[] m, int mOff, int[] entries, int from, int to, float[] table, float[] c, int stride, int width) {
        int j = 0;
        for (; j + 4 * L <= width; j += 4 * L) {
            FloatVector m0 = FloatVector.fromArray(S, m, mOff + j);
            FloatVector m1 = FloatVector.fromArray(S, m, mOff + j + L);
            FloatVector m2 = FloatVector.fromArray(S, m, mOff + j + 2 * L);
            FloatVector m3 = FloatVector.fromArray(S, m, mOff + j + 3 * L);
            for (int i = from; i < to; i++) {
                int e = entries[i];
                FloatVector a = FloatVector.broadcast(S, table[e & 0xFF]);
                int row = (e >>> 8) * stride + j;
                m0.fma(a, FloatVector.fromArray(S, c, row)).intoArray(c, row);
                m1.fma(a, FloatVector.fromArray(S, c, row + L)).intoArray(c, row + L);
                m2.fma(a, FloatVector.fromArray(S, c, row + 2 * L)).intoArray(c, row + 2 * L);
                m3.fma(a, FloatVector.fromArray(S, c, row + 3 * L)).intoArray(c, row + 3 * L);
            }
        }
        for (; j < width; j += L) {
            FloatVector m0 = FloatVector.fromArray(S, m, mOff + j);
            for (int i = from; i < to; i++) {
                int e = entries[i];
                int row = (e >>> 8) * stride + j;
                m0.fma(FloatVector.broadcast(S, table[e & 0xFF]), FloatVector.fromArray(S, c, row)).intoArray(c, row);
            }
        }
    }

    @Override
    void sigmoid(float[] a, int from, int to) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int i = from; i < to; i += L) {
            FloatVector v = FloatVector.fromArray(S, a, i);
            one.div(exp(v.neg()).add(one)).intoArray(a, i);
        }
    }

    /** {@link Kernels#exp(float)} lane by lane, the same operations in the same order (no conversions: they are not all intrinsics in 17). */
    private static FloatVector exp(FloatVector x) {
        FloatVector c = x.max(EXP_LO).min(EXP_HI);
        FloatVector round = FloatVector.broadcast(S, ROUND);
        FloatVector k = c.fma(FloatVector.broadcast(S, LOG2E), round).sub(round);
        FloatVector r = k.fma(FloatVector.broadcast(S, -LN2_LO), k.fma(FloatVector.broadcast(S, -LN2_HI), c));
        FloatVector z = r.mul(r);
        FloatVector p = FloatVector.broadcast(S, P0).fma(r, FloatVector.broadcast(S, P1))
                .fma(r, FloatVector.broadcast(S, P2)).fma(r, FloatVector.broadcast(S, P3))
                .fma(r, FloatVector.broadcast(S, P4)).fma(r, FloatVector.broadcast(S, P5));
        FloatVector e = p.fma(z, r).add(1f);
        IntVector bits = k.add(BIAS).reinterpretAsInts();
        return e.mul(bits.lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
    }
}
