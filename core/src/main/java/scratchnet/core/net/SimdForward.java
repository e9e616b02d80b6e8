package scratchnet.core.net;

import java.util.Arrays;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import scratchnet.core.math.Activations;

/**
 * The forward pass on SIMD registers (the JDK's Vector API), layer by layer over the batch as
 * NumPy's {@code np.dot} does. Rows go through in groups of four: each weight vector loaded is used
 * by four images, which keeps the 784×50 matrix from being streamed from cache once per image, and
 * 16 independent FMA chains hide the FMA latency. Every weight row is padded to a whole number of
 * vectors; input runs that are zero in all four images (a blank MNIST border) are skipped.
 */
final class SimdForward {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int GROUP = 4;

    private final LayerSizes sizes;
    private final int[] padded;
    private final float[][] weights;
    private final float[][] biases;

    /** Copies the network's weights into padded rows. */
    SimdForward(Network network) {
        sizes = network.sizes();
        int layers = sizes.layerCount();
        padded = new int[layers];
        weights = new float[layers][];
        biases = new float[layers][];
        for (int l = 0; l < layers; l++) {
            int in = sizes.size(l);
            int out = sizes.size(l + 1);
            int pad = S.loopBound(out + S.length() - 1);
            padded[l] = pad;
            weights[l] = new float[in * pad];
            for (int k = 0; k < in; k++) {
                System.arraycopy(network.weights(l), k * out, weights[l], k * pad, out);
            }
            biases[l] = Arrays.copyOf(network.biases(l), pad);
        }
    }

    /** See {@link Network#predictBatch(float[], int, int)}. */
    float[] predictBatch(float[] x, int offset, int n) {
        float[] in = x;
        int inOffset = offset;
        int inStride = sizes.inputSize();
        for (int l = 0; l < sizes.layerCount(); l++) {
            float[] a = new float[n * padded[l]];
            affineRows(in, inOffset, inStride, n, l, a);
            if (l < sizes.layerCount() - 1) {
                // the training kernels' sigmoid: the same bits in every JIT tier (Kernels.exp)
                Kernels.INSTANCE.sigmoid(a, 0, a.length);
            }
            in = a;
            inOffset = 0;
            inStride = padded[l];
        }
        int outputs = sizes.outputSize();
        float[] y = new float[n * outputs];
        for (int r = 0; r < n; r++) {
            System.arraycopy(in, r * inStride, y, r * outputs, outputs);
            Activations.softmaxInPlace(y, r * outputs, r * outputs + outputs);
        }
        return y;
    }

    /** {@code a = x·W + b} for every row, four rows at a time (the last group repeats its last row). */
    private void affineRows(float[] x, int offset, int stride, int n, int layer, float[] a) {
        int in = sizes.size(layer);
        int[] index = new int[in];
        for (int g = 0; g < n; g += GROUP) {
            int r0 = g;
            int r1 = Math.min(g + 1, n - 1);
            int r2 = Math.min(g + 2, n - 1);
            int r3 = Math.min(g + 3, n - 1);
            int count = layer == 0
                    ? nonzeroRuns(x, offset + r0 * stride, offset + r1 * stride, offset + r2 * stride, offset + r3 * stride, in, index)
                    : everyInput(in, index);
            affineGroup(x, offset + r0 * stride, offset + r1 * stride, offset + r2 * stride, offset + r3 * stride,
                    index, count, layer, a, r0, r1, r2, r3);
        }
    }

    /**
     * Lists the inputs that lie in a vector-wide run holding a nonzero value in any of four rows.
     * Checking a whole run at once is far cheaper than testing every pixel; the zeros that come
     * along in a run only add nothing.
     *
     * @return how many indices were written to {@code index}
     */
    private static int nonzeroRuns(float[] x, int x0, int x1, int x2, int x3, int n, int[] index) {
        int count = 0;
        int k = 0;
        for (; k < S.loopBound(n); k += S.length()) {
            VectorMask<Float> any = FloatVector.fromArray(S, x, x0 + k).compare(VectorOperators.NE, 0f)
                    .or(FloatVector.fromArray(S, x, x1 + k).compare(VectorOperators.NE, 0f))
                    .or(FloatVector.fromArray(S, x, x2 + k).compare(VectorOperators.NE, 0f))
                    .or(FloatVector.fromArray(S, x, x3 + k).compare(VectorOperators.NE, 0f));
            if (any.anyTrue()) {
                for (int i = 0; i < S.length(); i++) {
                    index[count++] = k + i;
                }
            }
        }
        for (; k < n; k++) {
            index[count++] = k;
        }
        return count;
    }

    private static int everyInput(int n, int[] index) {
        for (int k = 0; k < n; k++) {
            index[k] = k;
        }
        return n;
    }

    /**
     * Four rows through one layer: output vectors four at a time (16 accumulators), then any
     * remaining output vector alone (4 accumulators).
     */
    private void affineGroup(float[] x, int x0, int x1, int x2, int x3, int[] index, int count, int layer,
                             float[] a, int r0, int r1, int r2, int r3) {
        int pad = padded[layer];
        float[] w = weights[layer];
        float[] b = biases[layer];
        int step = S.length();
        int j = 0;
        for (; j + 4 * step <= pad; j += 4 * step) {
            FloatVector b0 = FloatVector.fromArray(S, b, j);
            FloatVector b1 = FloatVector.fromArray(S, b, j + step);
            FloatVector b2 = FloatVector.fromArray(S, b, j + 2 * step);
            FloatVector b3 = FloatVector.fromArray(S, b, j + 3 * step);
            FloatVector a00 = b0, a01 = b1, a02 = b2, a03 = b3;
            FloatVector a10 = b0, a11 = b1, a12 = b2, a13 = b3;
            FloatVector a20 = b0, a21 = b1, a22 = b2, a23 = b3;
            FloatVector a30 = b0, a31 = b1, a32 = b2, a33 = b3;
            for (int i = 0; i < count; i++) {
                int k = index[i];
                int wk = k * pad + j;
                FloatVector w0 = FloatVector.fromArray(S, w, wk);
                FloatVector w1 = FloatVector.fromArray(S, w, wk + step);
                FloatVector w2 = FloatVector.fromArray(S, w, wk + 2 * step);
                FloatVector w3 = FloatVector.fromArray(S, w, wk + 3 * step);
                FloatVector v = FloatVector.broadcast(S, x[x0 + k]);
                a00 = w0.fma(v, a00);
                a01 = w1.fma(v, a01);
                a02 = w2.fma(v, a02);
                a03 = w3.fma(v, a03);
                v = FloatVector.broadcast(S, x[x1 + k]);
                a10 = w0.fma(v, a10);
                a11 = w1.fma(v, a11);
                a12 = w2.fma(v, a12);
                a13 = w3.fma(v, a13);
                v = FloatVector.broadcast(S, x[x2 + k]);
                a20 = w0.fma(v, a20);
                a21 = w1.fma(v, a21);
                a22 = w2.fma(v, a22);
                a23 = w3.fma(v, a23);
                v = FloatVector.broadcast(S, x[x3 + k]);
                a30 = w0.fma(v, a30);
                a31 = w1.fma(v, a31);
                a32 = w2.fma(v, a32);
                a33 = w3.fma(v, a33);
            }
            store(a, r3 * pad + j, step, a30, a31, a32, a33);
            store(a, r2 * pad + j, step, a20, a21, a22, a23);
            store(a, r1 * pad + j, step, a10, a11, a12, a13);
            store(a, r0 * pad + j, step, a00, a01, a02, a03);
        }
        for (; j < pad; j += step) {
            FloatVector a0 = FloatVector.fromArray(S, b, j);
            FloatVector a1 = a0;
            FloatVector a2 = a0;
            FloatVector a3 = a0;
            for (int i = 0; i < count; i++) {
                int k = index[i];
                FloatVector wv = FloatVector.fromArray(S, w, k * pad + j);
                a0 = wv.fma(FloatVector.broadcast(S, x[x0 + k]), a0);
                a1 = wv.fma(FloatVector.broadcast(S, x[x1 + k]), a1);
                a2 = wv.fma(FloatVector.broadcast(S, x[x2 + k]), a2);
                a3 = wv.fma(FloatVector.broadcast(S, x[x3 + k]), a3);
            }
            a3.intoArray(a, r3 * pad + j);
            a2.intoArray(a, r2 * pad + j);
            a1.intoArray(a, r1 * pad + j);
            a0.intoArray(a, r0 * pad + j);
        }
    }

    private static void store(float[] a, int at, int step, FloatVector v0, FloatVector v1, FloatVector v2, FloatVector v3) {
        v0.intoArray(a, at);
        v1.intoArray(a, at + step);
        v2.intoArray(a, at + 2 * step);
        v3.intoArray(a, at + 3 * step);
    }
}
