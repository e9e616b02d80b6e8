package scratchnet.core.net;

import java.util.Arrays;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import scratchnet.core.data.SparseImages;
import scratchnet.core.math.Activations;

/**
 * The forward pass on SIMD registers (the JDK's Vector API), layer by layer over the batch:
 * {@link SimdKernels}' {@link ForwardPass}. Every output is the FMA chain of {@link ScalarForward}: bias first, then the inputs
 * in ascending order, zero inputs of the first layer skipped (exact: {@code fma(0, w, s) = s}), so
 * both passes give the same bits. Weight rows are padded to whole vectors.
 *
 * <p>Rows go through in groups of four: each weight vector loaded is used by four images, and 16
 * independent FMA chains hide the instruction's latency. The first layer runs only over the pixels
 * that are nonzero in at least one image of the group (about 300 of 784 for MNIST, where one image
 * has about 150), listed without a branch per pixel; the dense layers run over every input.
 * Intermediate rows live in per-thread buffers reused from batch to batch.
 */
final class SimdForward implements ForwardPass {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int GROUP = 4;
    /** Eight int lanes: one byte of a nonzero mask's positions. */
    private static final VectorSpecies<Integer> EIGHT = IntVector.SPECIES_256;
    /** {@code 0, 1, …}: each lane's bit in a nonzero mask. */
    private static final IntVector LANE = IntVector.fromArray(IntVector.SPECIES_PREFERRED, iota(L), 0);
    /** Row {@code m} (eight ints) lists the positions of the set bits of the byte {@code m}, in order. */
    private static final int[] SET_BITS = setBits();

    private final LayerSizes sizes;
    private final int[] padded;
    private final float[][] weights;
    private final float[][] biases;
    /** {@code 0, 1, …} for each layer's inputs: the list a dense layer runs over. */
    private final int[][] everyInput;
    private final ThreadLocal<Buffers> buffers = ThreadLocal.withInitial(Buffers::new);

    /** A thread's scratch space: each layer's output rows, and a group's list of nonzero pixels. */
    private static final class Buffers {
        float[][] rows = new float[0][];
        int[] pixel = new int[0];
    }

    private static int[] iota(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }

    private static int[] setBits() {
        int[] table = new int[256 * 8];
        for (int m = 0; m < 256; m++) {
            int at = m * 8;
            for (int bit = 0; bit < 8; bit++) {
                if ((m >>> bit & 1) != 0) {
                    table[at++] = bit;
                }
            }
        }
        return table;
    }

    /** Copies the network's weights into padded rows. */
    SimdForward(Network network) {
        sizes = network.sizes();
        int layers = sizes.layerCount();
        padded = new int[layers];
        weights = new float[layers][];
        biases = new float[layers][];
        everyInput = new int[layers][];
        for (int l = 0; l < layers; l++) {
            int in = sizes.size(l);
            int out = sizes.size(l + 1);
            int pad = S.loopBound(out + L - 1);
            padded[l] = pad;
            weights[l] = new float[in * pad];
            for (int k = 0; k < in; k++) {
                System.arraycopy(network.weights(l), k * out, weights[l], k * pad, out);
            }
            biases[l] = Arrays.copyOf(network.biases(l), pad);
            everyInput[l] = iota(in);
        }
    }

    @Override
    public float[] predictBatch(float[] x, int offset, int n) {
        Buffers b = buffers(n);
        firstLayer(x, offset, n, b);
        return upperLayers(n, b, true);
    }

    @Override
    public float[] logitsBatch(float[] x, int offset, int n) {
        Buffers b = buffers(n);
        firstLayer(x, offset, n, b);
        return upperLayers(n, b, false);
    }

    /**
     * The first layer over each image's own nonzero pixels as they are cached, two images at a
     * time on the kernels' sparse rows ({@link Kernels#combineSparse}, the training kernel's first
     * layer): each output the same FMA chain as {@link #firstLayer}'s (the bias, then the image's
     * nonzero pixels in ascending order; the zeros {@link #firstLayer} adds for the other images of
     * its group change no value), so the same bits, without the rows made dense first.
     */
    @Override
    public float[] predictBatch(SparseImages images, int from, int n) {
        if (images.denseValues() != null) {
            return predictBatch(images.denseValues(), from * images.width(), n);
        }
        Buffers b = buffers(n);
        int pad = padded[0];
        int[] starts = images.rowStarts();
        int[] entries = images.entries();
        for (int r = 0; r < n; r += 2) {
            int r1 = Math.min(r + 1, n - 1);
            int i0 = from + r;
            int i1 = from + r1;
            Kernels.INSTANCE.combineSparse(b.rows[0], r * pad, r1 * pad, biases[0], entries, starts[i0], starts[i0 + 1], starts[i1],
                    starts[i1 + 1], BatchGradient.PIXEL_VALUE, weights[0], pad, pad);
        }
        return upperLayers(n, b, true);
    }

    /** The layers above the first, from its outputs in {@code b.rows[0]}, then the softmax when asked. */
    private float[] upperLayers(int n, Buffers b, boolean softmax) {
        int layers = sizes.layerCount();
        for (int l = 1; l < layers; l++) {
            // the training kernels' sigmoid: the same bits in every JIT tier (Kernels.exp)
            Kernels.INSTANCE.sigmoid(b.rows[l - 1], 0, n * padded[l - 1]);
            denseLayer(b.rows[l - 1], n, l, b.rows[l]);
        }
        float[] last = b.rows[layers - 1];
        int stride = padded[layers - 1];
        int outputs = sizes.outputSize();
        float[] y = new float[n * outputs];
        for (int r = 0; r < n; r++) {
            System.arraycopy(last, r * stride, y, r * outputs, outputs);
            if (softmax) {
                Activations.softmaxInPlace(y, r * outputs, r * outputs + outputs);
            }
        }
        return y;
    }

    /** This thread's buffers, grown to hold {@code n} rows. */
    private Buffers buffers(int n) {
        Buffers b = buffers.get();
        int layers = sizes.layerCount();
        if (b.rows.length != layers || b.rows[0].length < n * padded[0]) {
            b.rows = new float[layers][];
            for (int l = 0; l < layers; l++) {
                b.rows[l] = new float[n * padded[l]];
            }
            b.pixel = new int[listLength()];
        }
        return b;
    }

    /** Room for a list of nonzero pixels: all of them, and a whole row of {@link #SET_BITS} past the last. */
    private int listLength() {
        return sizes.inputSize() + 8;
    }

    /**
     * The first layer, four images at a time (the last group repeats its last image), over the
     * pixels that are nonzero in any of the four.
     */
    private void firstLayer(float[] x, int offset, int n, Buffers b) {
        int in = sizes.inputSize();
        int pad = padded[0];
        for (int g = 0; g < n; g += GROUP) {
            int r1 = Math.min(g + 1, n - 1);
            int r2 = Math.min(g + 2, n - 1);
            int r3 = Math.min(g + 3, n - 1);
            int x0 = offset + g * in;
            int x1 = offset + r1 * in;
            int x2 = offset + r2 * in;
            int x3 = offset + r3 * in;
            int count = nonzeros(x, x0, x1, x2, x3, in, b.pixel);
            group(x, x0, x1, x2, x3, b.pixel, count, 0, b.rows[0], g * pad, r1 * pad, r2 * pad, r3 * pad);
        }
    }

    /**
     * Lists, in ascending order, the pixels that are nonzero in any of four images, without a
     * branch per pixel: each vector-wide run becomes a bit mask of its nonzero pixels, and each
     * byte of the mask is looked up in {@link #SET_BITS}, whose row of eight positions is stored
     * whole while the count advances by the byte's set bits (the x86 {@code vcompressps}, which the
     * JDK 17 Vector API lacks). A zero of either sign counts as zero; NaN does not.
     *
     * @return how many pixels were listed
     */
    private static int nonzeros(float[] x, int x0, int x1, int x2, int x3, int in, int[] pixel) {
        int count = 0;
        int k = 0;
        for (; k < S.loopBound(in); k += L) {
            int mask = FloatVector.fromArray(S, x, x0 + k).reinterpretAsInts()
                    .or(FloatVector.fromArray(S, x, x1 + k).reinterpretAsInts())
                    .or(FloatVector.fromArray(S, x, x2 + k).reinterpretAsInts())
                    .or(FloatVector.fromArray(S, x, x3 + k).reinterpretAsInts())
                    .and(0x7FFFFFFF).min(1).lanewise(VectorOperators.LSHL, LANE).reduceLanes(VectorOperators.OR);
            for (int b = 0; b < L; b += 8) {
                int bits = (mask >>> b) & 0xFF;
                IntVector.fromArray(EIGHT, SET_BITS, bits * 8).add(k + b).intoArray(pixel, count);
                count += Integer.bitCount(bits);
            }
        }
        for (; k < in; k++) {
            pixel[count] = k;
            int bits = (Float.floatToRawIntBits(x[x0 + k]) | Float.floatToRawIntBits(x[x1 + k])
                    | Float.floatToRawIntBits(x[x2 + k]) | Float.floatToRawIntBits(x[x3 + k])) & 0x7FFFFFFF;
            count += (bits | -bits) >>> 31;
        }
        return count;
    }

    /**
     * Four rows through layer {@code layer} over the listed inputs (a layer's nonzero pixels, or
     * every input of a dense layer): output vectors four at a time (16 accumulators), then any
     * remaining output vector alone (4 accumulators).
     */
    private void group(float[] x, int x0, int x1, int x2, int x3, int[] inputs, int count, int layer,
                       float[] a, int a0, int a1, int a2, int a3) {
        int pad = padded[layer];
        float[] w = weights[layer];
        float[] b = biases[layer];
        int j = 0;
        for (; j + 4 * L <= pad; j += 4 * L) {
            FloatVector b0 = FloatVector.fromArray(S, b, j);
            FloatVector b1 = FloatVector.fromArray(S, b, j + L);
            FloatVector b2 = FloatVector.fromArray(S, b, j + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, j + 3 * L);
            FloatVector s00 = b0, s01 = b1, s02 = b2, s03 = b3;
            FloatVector s10 = b0, s11 = b1, s12 = b2, s13 = b3;
            FloatVector s20 = b0, s21 = b1, s22 = b2, s23 = b3;
            FloatVector s30 = b0, s31 = b1, s32 = b2, s33 = b3;
            for (int i = 0; i < count; i++) {
                int k = inputs[i];
                int wk = k * pad + j;
                FloatVector w0 = FloatVector.fromArray(S, w, wk);
                FloatVector w1 = FloatVector.fromArray(S, w, wk + L);
                FloatVector w2 = FloatVector.fromArray(S, w, wk + 2 * L);
                FloatVector w3 = FloatVector.fromArray(S, w, wk + 3 * L);
                FloatVector v = FloatVector.broadcast(S, x[x0 + k]);
                s00 = w0.fma(v, s00);
                s01 = w1.fma(v, s01);
                s02 = w2.fma(v, s02);
                s03 = w3.fma(v, s03);
                v = FloatVector.broadcast(S, x[x1 + k]);
                s10 = w0.fma(v, s10);
                s11 = w1.fma(v, s11);
                s12 = w2.fma(v, s12);
                s13 = w3.fma(v, s13);
                v = FloatVector.broadcast(S, x[x2 + k]);
                s20 = w0.fma(v, s20);
                s21 = w1.fma(v, s21);
                s22 = w2.fma(v, s22);
                s23 = w3.fma(v, s23);
                v = FloatVector.broadcast(S, x[x3 + k]);
                s30 = w0.fma(v, s30);
                s31 = w1.fma(v, s31);
                s32 = w2.fma(v, s32);
                s33 = w3.fma(v, s33);
            }
            store(a, a3 + j, s30, s31, s32, s33);
            store(a, a2 + j, s20, s21, s22, s23);
            store(a, a1 + j, s10, s11, s12, s13);
            store(a, a0 + j, s00, s01, s02, s03);
        }
        for (; j < pad; j += L) {
            FloatVector s0 = FloatVector.fromArray(S, b, j);
            FloatVector s1 = s0;
            FloatVector s2 = s0;
            FloatVector s3 = s0;
            for (int i = 0; i < count; i++) {
                int k = inputs[i];
                FloatVector wv = FloatVector.fromArray(S, w, k * pad + j);
                s0 = wv.fma(FloatVector.broadcast(S, x[x0 + k]), s0);
                s1 = wv.fma(FloatVector.broadcast(S, x[x1 + k]), s1);
                s2 = wv.fma(FloatVector.broadcast(S, x[x2 + k]), s2);
                s3 = wv.fma(FloatVector.broadcast(S, x[x3 + k]), s3);
            }
            s3.intoArray(a, a3 + j);
            s2.intoArray(a, a2 + j);
            s1.intoArray(a, a1 + j);
            s0.intoArray(a, a0 + j);
        }
    }

    /** Layer {@code layer} over every input, four rows at a time (the last group repeats its last row). */
    private void denseLayer(float[] x, int n, int layer, float[] a) {
        int stride = padded[layer - 1];
        int pad = padded[layer];
        for (int g = 0; g < n; g += GROUP) {
            int r1 = Math.min(g + 1, n - 1);
            int r2 = Math.min(g + 2, n - 1);
            int r3 = Math.min(g + 3, n - 1);
            group(x, g * stride, r1 * stride, r2 * stride, r3 * stride, everyInput[layer], everyInput[layer].length, layer,
                    a, g * pad, r1 * pad, r2 * pad, r3 * pad);
        }
    }


    private static void store(float[] a, int at, FloatVector v0, FloatVector v1, FloatVector v2, FloatVector v3) {
        v0.intoArray(a, at);
        v1.intoArray(a, at + L);
        v2.intoArray(a, at + 2 * L);
        v3.intoArray(a, at + 3 * L);
    }
}
