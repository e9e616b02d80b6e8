package scratchnet.core.net;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Kernels} on SIMD registers. Two rows are built four vectors at a time, their eight running
 * sums kept in registers over the whole weighted sum (each coefficient broadcast once, each vector
 * of {@code m} loaded once for both rows in the dense case): eight independent FMA chains keep both
 * FMA units busy through the instruction's latency. Two or three remaining vectors go together the
 * same way; a single one with each row's sum split in four interleaved parts, so that eight chains
 * overlap there too.
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
    ForwardPass forwardPass(Network network) {
        return new SimdForward(network);
    }

    @Override
    void combineDense(float[] c, int cOff0, int cOff1, float[] init, int initOff, float[] coef, int coefOff0, int coefOff1, int coefStride,
                      int count, float[] m, int mOff, int mStride, int width) {
        int j = 0;
        for (; j + 4 * L <= width; j += 4 * L) {
            FloatVector a0 = start(init, initOff + j);
            FloatVector a1 = start(init, initOff + j + L);
            FloatVector a2 = start(init, initOff + j + 2 * L);
            FloatVector a3 = start(init, initOff + j + 3 * L);
            FloatVector b0 = a0;
            FloatVector b1 = a1;
            FloatVector b2 = a2;
            FloatVector b3 = a3;
            for (int i = 0; i < count; i++) {
                FloatVector x = FloatVector.broadcast(S, coef[coefOff0 + i * coefStride]);
                FloatVector y = FloatVector.broadcast(S, coef[coefOff1 + i * coefStride]);
                int row = mOff + i * mStride + j;
                FloatVector m0 = FloatVector.fromArray(S, m, row);
                FloatVector m1 = FloatVector.fromArray(S, m, row + L);
                FloatVector m2 = FloatVector.fromArray(S, m, row + 2 * L);
                FloatVector m3 = FloatVector.fromArray(S, m, row + 3 * L);
                a0 = m0.fma(x, a0);
                b0 = m0.fma(y, b0);
                a1 = m1.fma(x, a1);
                b1 = m1.fma(y, b1);
                a2 = m2.fma(x, a2);
                b2 = m2.fma(y, b2);
                a3 = m3.fma(x, a3);
                b3 = m3.fma(y, b3);
            }
            a0.intoArray(c, cOff0 + j);
            a1.intoArray(c, cOff0 + j + L);
            a2.intoArray(c, cOff0 + j + 2 * L);
            a3.intoArray(c, cOff0 + j + 3 * L);
            b0.intoArray(c, cOff1 + j);
            b1.intoArray(c, cOff1 + j + L);
            b2.intoArray(c, cOff1 + j + 2 * L);
            b3.intoArray(c, cOff1 + j + 3 * L);
        }
        int rest = (width - j) / L;
        if (rest == 3) {
            FloatVector a0 = start(init, initOff + j);
            FloatVector a1 = start(init, initOff + j + L);
            FloatVector a2 = start(init, initOff + j + 2 * L);
            FloatVector b0 = a0;
            FloatVector b1 = a1;
            FloatVector b2 = a2;
            for (int i = 0; i < count; i++) {
                FloatVector x = FloatVector.broadcast(S, coef[coefOff0 + i * coefStride]);
                FloatVector y = FloatVector.broadcast(S, coef[coefOff1 + i * coefStride]);
                int row = mOff + i * mStride + j;
                FloatVector m0 = FloatVector.fromArray(S, m, row);
                FloatVector m1 = FloatVector.fromArray(S, m, row + L);
                FloatVector m2 = FloatVector.fromArray(S, m, row + 2 * L);
                a0 = m0.fma(x, a0);
                b0 = m0.fma(y, b0);
                a1 = m1.fma(x, a1);
                b1 = m1.fma(y, b1);
                a2 = m2.fma(x, a2);
                b2 = m2.fma(y, b2);
            }
            a0.intoArray(c, cOff0 + j);
            a1.intoArray(c, cOff0 + j + L);
            a2.intoArray(c, cOff0 + j + 2 * L);
            b0.intoArray(c, cOff1 + j);
            b1.intoArray(c, cOff1 + j + L);
            b2.intoArray(c, cOff1 + j + 2 * L);
        } else if (rest == 2) {
            FloatVector a0 = start(init, initOff + j);
            FloatVector a1 = start(init, initOff + j + L);
            FloatVector b0 = a0;
            FloatVector b1 = a1;
            for (int i = 0; i < count; i++) {
                FloatVector x = FloatVector.broadcast(S, coef[coefOff0 + i * coefStride]);
                FloatVector y = FloatVector.broadcast(S, coef[coefOff1 + i * coefStride]);
                int row = mOff + i * mStride + j;
                FloatVector m0 = FloatVector.fromArray(S, m, row);
                FloatVector m1 = FloatVector.fromArray(S, m, row + L);
                a0 = m0.fma(x, a0);
                b0 = m0.fma(y, b0);
                a1 = m1.fma(x, a1);
                b1 = m1.fma(y, b1);
            }
            a0.intoArray(c, cOff0 + j);
            a1.intoArray(c, cOff0 + j + L);
            b0.intoArray(c, cOff1 + j);
            b1.intoArray(c, cOff1 + j + L);
        } else if (rest == 1) {
            // one vector: each row's sum in four interleaved parts, added pairwise at the end
            FloatVector a0 = start(init, initOff + j);
            FloatVector b0 = a0;
            FloatVector a1 = FloatVector.zero(S);
            FloatVector a2 = a1;
            FloatVector a3 = a1;
            FloatVector b1 = a1;
            FloatVector b2 = a1;
            FloatVector b3 = a1;
            int i = 0;
            for (; i + 4 <= count; i += 4) {
                int row = mOff + i * mStride + j;
                int co = i * coefStride;
                FloatVector m0 = FloatVector.fromArray(S, m, row);
                FloatVector m1 = FloatVector.fromArray(S, m, row + mStride);
                FloatVector m2 = FloatVector.fromArray(S, m, row + 2 * mStride);
                FloatVector m3 = FloatVector.fromArray(S, m, row + 3 * mStride);
                a0 = m0.fma(FloatVector.broadcast(S, coef[coefOff0 + co]), a0);
                b0 = m0.fma(FloatVector.broadcast(S, coef[coefOff1 + co]), b0);
                a1 = m1.fma(FloatVector.broadcast(S, coef[coefOff0 + co + coefStride]), a1);
                b1 = m1.fma(FloatVector.broadcast(S, coef[coefOff1 + co + coefStride]), b1);
                a2 = m2.fma(FloatVector.broadcast(S, coef[coefOff0 + co + 2 * coefStride]), a2);
                b2 = m2.fma(FloatVector.broadcast(S, coef[coefOff1 + co + 2 * coefStride]), b2);
                a3 = m3.fma(FloatVector.broadcast(S, coef[coefOff0 + co + 3 * coefStride]), a3);
                b3 = m3.fma(FloatVector.broadcast(S, coef[coefOff1 + co + 3 * coefStride]), b3);
            }
            for (; i < count; i++) {
                FloatVector m0 = FloatVector.fromArray(S, m, mOff + i * mStride + j);
                a0 = m0.fma(FloatVector.broadcast(S, coef[coefOff0 + i * coefStride]), a0);
                b0 = m0.fma(FloatVector.broadcast(S, coef[coefOff1 + i * coefStride]), b0);
            }
            a0.add(a1).add(a2.add(a3)).intoArray(c, cOff0 + j);
            b0.add(b1).add(b2.add(b3)).intoArray(c, cOff1 + j);
        }
    }

    @Override
    void combineSparse(float[] c, int cOff0, int cOff1, float[] init, int[] entries, int from0, int to0, int from1, int to1,
                       float[] table, float[] m, int stride, int width) {
        int both = Math.min(to0 - from0, to1 - from1);
        int j = 0;
        for (; j + 4 * L <= width; j += 4 * L) {
            FloatVector a0 = start(init, j);
            FloatVector a1 = start(init, j + L);
            FloatVector a2 = start(init, j + 2 * L);
            FloatVector a3 = start(init, j + 3 * L);
            FloatVector b0 = a0;
            FloatVector b1 = a1;
            FloatVector b2 = a2;
            FloatVector b3 = a3;
            int i0 = from0;
            int i1 = from1;
            for (int t = 0; t < both; t++) {
                int e0 = entries[i0++];
                int e1 = entries[i1++];
                FloatVector x = FloatVector.broadcast(S, table[e0 & 0xFF]);
                FloatVector y = FloatVector.broadcast(S, table[e1 & 0xFF]);
                int r0 = (e0 >>> 8) * stride + j;
                int r1 = (e1 >>> 8) * stride + j;
                a0 = FloatVector.fromArray(S, m, r0).fma(x, a0);
                b0 = FloatVector.fromArray(S, m, r1).fma(y, b0);
                a1 = FloatVector.fromArray(S, m, r0 + L).fma(x, a1);
                b1 = FloatVector.fromArray(S, m, r1 + L).fma(y, b1);
                a2 = FloatVector.fromArray(S, m, r0 + 2 * L).fma(x, a2);
                b2 = FloatVector.fromArray(S, m, r1 + 2 * L).fma(y, b2);
                a3 = FloatVector.fromArray(S, m, r0 + 3 * L).fma(x, a3);
                b3 = FloatVector.fromArray(S, m, r1 + 3 * L).fma(y, b3);
            }
            for (; i0 < to0; i0++) {
                int e = entries[i0];
                FloatVector x = FloatVector.broadcast(S, table[e & 0xFF]);
                int r = (e >>> 8) * stride + j;
                a0 = FloatVector.fromArray(S, m, r).fma(x, a0);
                a1 = FloatVector.fromArray(S, m, r + L).fma(x, a1);
                a2 = FloatVector.fromArray(S, m, r + 2 * L).fma(x, a2);
                a3 = FloatVector.fromArray(S, m, r + 3 * L).fma(x, a3);
            }
            for (; i1 < to1; i1++) {
                int e = entries[i1];
                FloatVector y = FloatVector.broadcast(S, table[e & 0xFF]);
                int r = (e >>> 8) * stride + j;
                b0 = FloatVector.fromArray(S, m, r).fma(y, b0);
                b1 = FloatVector.fromArray(S, m, r + L).fma(y, b1);
                b2 = FloatVector.fromArray(S, m, r + 2 * L).fma(y, b2);
                b3 = FloatVector.fromArray(S, m, r + 3 * L).fma(y, b3);
            }
            a0.intoArray(c, cOff0 + j);
            a1.intoArray(c, cOff0 + j + L);
            a2.intoArray(c, cOff0 + j + 2 * L);
            a3.intoArray(c, cOff0 + j + 3 * L);
            b0.intoArray(c, cOff1 + j);
            b1.intoArray(c, cOff1 + j + L);
            b2.intoArray(c, cOff1 + j + 2 * L);
            b3.intoArray(c, cOff1 + j + 3 * L);
        }
        for (; j < width; j += L) {
            // the last vectors of rows whose width is not four vectors, one at a time
            FloatVector a = start(init, j);
            FloatVector b = a;
            int i0 = from0;
            int i1 = from1;
            for (int t = 0; t < both; t++) {
                int e0 = entries[i0++];
                int e1 = entries[i1++];
                a = FloatVector.fromArray(S, m, (e0 >>> 8) * stride + j).fma(FloatVector.broadcast(S, table[e0 & 0xFF]), a);
                b = FloatVector.fromArray(S, m, (e1 >>> 8) * stride + j).fma(FloatVector.broadcast(S, table[e1 & 0xFF]), b);
            }
            for (; i0 < to0; i0++) {
                a = FloatVector.fromArray(S, m, (entries[i0] >>> 8) * stride + j).fma(FloatVector.broadcast(S, table[entries[i0] & 0xFF]), a);
            }
            for (; i1 < to1; i1++) {
                b = FloatVector.fromArray(S, m, (entries[i1] >>> 8) * stride + j).fma(FloatVector.broadcast(S, table[entries[i1] & 0xFF]), b);
            }
            a.intoArray(c, cOff0 + j);
            b.intoArray(c, cOff1 + j);
        }
    }

    private static FloatVector start(float[] init, int at) {
        return init == null ? FloatVector.zero(S) : FloatVector.fromArray(S, init, at);
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
