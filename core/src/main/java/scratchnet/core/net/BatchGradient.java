package scratchnet.core.net;

import java.util.Arrays;

import scratchnet.core.data.SparseImages;
import scratchnet.core.math.Activations;
import scratchnet.core.math.Losses;

/**
 * The training kernel: forward pass, loss and backpropagation of a mini-batch through the book's
 * sigmoid/softmax network of any depth, in float32, as NumPy computes it for {@code float32}
 * arrays — with the work arranged for the CPU:
 *
 * <ul>
 * <li>The input layer reads only the nonzero pixels of each image ({@link SparseImages}): both
 * {@code x·W1} and {@code dW1 = xᵀ·da1} skip the zeros, four fifths of MNIST. The forward pass
 * reads each image's pixels as they are cached (compressed sparse rows); for {@code dW1} the
 * batch's pixels are regrouped by pixel (compressed sparse columns, counted first so that they
 * lie packed in a few kilobytes), so that each row of {@code dW1} is summed in registers and stored
 * once.</li>
 * <li>Every row of a layer's output, and every row of a weight gradient, is a weighted sum of rows,
 * built in SIMD registers two rows at a time ({@link Kernels}); weight rows are padded to whole
 * vectors, so parameters go through the kernel in a padded layout ({@link #pack}, {@link #unpack})
 * that the element-wise optimizers use as it is.</li>
 * <li>Rows that are not bytes ({@link SparseImages#ofDense}) are gathered into a dense batch,
 * which the input layer reads as the hidden layers read theirs.</li>
 * <li>Buffers are allocated once and reused; one instance serves one thread.</li>
 * </ul>
 *
 * <p>This forward pass is training's own, apart from inference's ({@link Network#predictBatch},
 * which {@link Scorer} and so training's accuracy use): it keeps every layer's output, padded, for
 * the backward pass; it reads the cached sparse rows as they are, two rows at a time on the same
 * {@link Kernels} row operations as the backward pass; and its sums are not bit for bit those of
 * inference: where a layer's padded width leaves a single vector after the groups of four
 * ({@link Kernels#combineDense}), that vector's sums are split in four interleaved parts to keep
 * both FMA units busy (784-50-100-10 on AVX2: the 100-wide layer's last vector), and trained
 * weights depend on those bits. The SIMD switch is the same for both ({@link Kernels#INSTANCE}).
 *
 * <p>The math is the book's (section 5.7): {@code dy = (y - t) · scale}, with {@code scale = 1/N}
 * for a batch of {@code N} ({@code 1/N} of a larger batch when several partitions each compute
 * their part of one batch's gradient); {@code dW = zᵀ·da}, {@code db = Σ da},
 * {@code dz = da·Wᵀ}, {@code da = dz · (1 - z) · z}.
 *
 * <p>Parameters are arrays in the book's key order {@code W1, b1, W2, b2, …}: index {@code 2l} is
 * {@code W(l+1)}, {@code 2l+1} is {@code b(l+1)}.
 */
public final class BatchGradient {
    /** {@code value / 255} for each byte value: a pixel normalised as {@code MnistSet.normalize} does it. */
    static final float[] PIXEL_VALUE = new float[256];

    static {
        for (int v = 0; v < 256; v++) {
            PIXEL_VALUE[v] = v / 255f;
        }
    }

    private final Kernels kernels;
    private final LayerSizes sizes;
    private final int layers;
    /** Padded width of each layer's output: {@code padded[l]} for weight layer {@code l}. */
    private final int[] padded;

    private int capacity;
    private int rows;
    private float[][] z;
    private float[][] delta;
    private float[] dz;
    private final float[][] transposed;
    private int[] labels;
    /** The batch: its images' set, and which of them, in batch order. */
    private SparseImages batch;
    private int[] images;
    /** The batch's nonzero pixels by pixel: those of pixel {@code k} are {@code columns[colStart[k] … colStart[k+1]-1]}. */
    private final int[] colStart;
    private final int[] colFill;
    /** The batch's nonzero pixels grouped by pixel, each as {@code (row in the batch << 8) | value}, rows ascending. */
    private int[] columns = new int[0];
    /** The batch's rows, {@code rows × inputSize()}, when its set is of dense rows ({@link SparseImages#denseValues()}); else unused. */
    private float[] denseBatch = new float[0];

    /**
     * @param sizes   the network's shape
     * @param maxRows the batch size to allocate for (it grows when a larger batch comes)
     */
    public BatchGradient(LayerSizes sizes, int maxRows) {
        this(sizes, maxRows, Kernels.INSTANCE);
    }

    /** With given kernels: tests run the scalar ones on a JVM that has the SIMD ones. */
    BatchGradient(LayerSizes sizes, int maxRows, Kernels kernels) {
        this.kernels = kernels;
        this.sizes = sizes;
        this.layers = sizes.layerCount();
        this.padded = new int[layers];
        int lanes = kernels.lanes();
        for (int l = 0; l < layers; l++) {
            padded[l] = (sizes.size(l + 1) + lanes - 1) / lanes * lanes;
        }
        colStart = new int[sizes.inputSize() + 1];
        colFill = new int[sizes.inputSize()];
        transposed = new float[layers][];
        for (int l = 1; l < layers; l++) {
            transposed[l] = new float[sizes.size(l + 1) * padded[l - 1]];
        }
        allocate(Math.max(1, maxRows));
    }

    private void allocate(int n) {
        capacity = n;
        z = new float[layers][];
        delta = new float[layers][];
        int widest = 0;
        for (int l = 0; l < layers; l++) {
            z[l] = new float[n * padded[l]];
            delta[l] = new float[n * padded[l]];
            widest = Math.max(widest, padded[l]);
        }
        dz = new float[n * widest];
        labels = new int[n];
        images = new int[n];
    }

    /** @return the layer widths */
    public LayerSizes sizes() {
        return sizes;
    }

    /** @return the number of parameter arrays ({@code 2 ×} layers) */
    public int arrayCount() {
        return 2 * layers;
    }

    /**
     * @param flat arrays in key order, {@code W(l)} as {@code in × out} row-major (as {@link Network} holds them)
     * @return the same values in the kernel's padded layout (rows of {@code W} and {@code b} padded with zeros)
     */
    public float[][] pack(float[][] flat) {
        float[][] out = new float[2 * layers][];
        for (int l = 0; l < layers; l++) {
            int in = sizes.size(l);
            int o = sizes.size(l + 1);
            int p = padded[l];
            out[2 * l] = new float[in * p];
            for (int k = 0; k < in; k++) {
                System.arraycopy(flat[2 * l], k * o, out[2 * l], k * p, o);
            }
            out[2 * l + 1] = Arrays.copyOf(flat[2 * l + 1], p);
        }
        return out;
    }

    /** @return zeros in the padded layout (for gradients and optimizer state) */
    public float[][] zeros() {
        float[][] out = new float[2 * layers][];
        for (int l = 0; l < layers; l++) {
            out[2 * l] = new float[sizes.size(l) * padded[l]];
            out[2 * l + 1] = new float[padded[l]];
        }
        return out;
    }

    /** Copies padded arrays back into flat ones (key order, {@code in × out} row-major). */
    public void unpack(float[][] packed, float[][] flat) {
        for (int l = 0; l < layers; l++) {
            int in = sizes.size(l);
            int o = sizes.size(l + 1);
            for (int k = 0; k < in; k++) {
                System.arraycopy(packed[2 * l], k * padded[l], flat[2 * l], k * o, o);
            }
            System.arraycopy(packed[2 * l + 1], 0, flat[2 * l + 1], 0, o);
        }
    }

    /** @return flat arrays shaped for this network, zeros */
    public float[][] flatZeros() {
        float[][] out = new float[2 * layers][];
        for (int l = 0; l < layers; l++) {
            out[2 * l] = new float[sizes.size(l) * sizes.size(l + 1)];
            out[2 * l + 1] = new float[sizes.size(l + 1)];
        }
        return out;
    }

    /**
     * The gradient of the loss over some images of a set: the book's
     * {@code TwoLayerNet.gradient(x_batch, t_batch)} for any depth.
     *
     * @param params    packed parameters
     * @param data      the images
     * @param picks     which images, by index into {@code data} (repeats allowed)
     * @param n         how many of {@code picks} to use
     * @param scale     {@code dy = (y - t) · scale}: {@code 1/N} for the mean over a batch of {@code N}
     * @param grads     packed arrays the gradient is written into (overwritten)
     * @return the sum over these images of the cross-entropy {@code -log(y[t] + 1e-7)}, in double
     */
    public double gradient(float[][] params, SparseImages data, int[] picks, int n, float scale, float[][] grads) {
        load(data, picks, 0, n);
        double loss = forward(params);
        backward(params, scale, grads);
        return loss;
    }

    /**
     * How many of {@code data}'s images {@code from … from+n-1} the network with these packed
     * parameters classifies right: the parameters unpacked into a {@link Network} and the images
     * scored by the {@link Scorer}, the inference pass (not this kernel's forward pass: see the
     * class comment), as training's accuracy is measured.
     */
    public int correct(float[][] params, SparseImages data, int from, int n) {
        float[][] flat = flatZeros();
        float[][] w = new float[layers][];
        float[][] b = new float[layers][];
        for (int l = 0; l < layers; l++) {
            w[l] = flat[2 * l];
            b[l] = flat[2 * l + 1];
        }
        unpack(params, flat);
        return Math.toIntExact(new Scorer(new Network(sizes, w, b)).correct(data, from, n));
    }

    /** Takes the picked images as the batch: their labels and where their pixels are. */
    private void load(SparseImages data, int[] picks, int from, int n) {
        if (n > capacity) {
            allocate(n);
        }
        if (n >= 1 << 23) {
            throw new IllegalArgumentException("a batch of " + n + " images is too large for the kernel (at most " + ((1 << 23) - 1) + ")");
        }
        rows = n;
        batch = data;
        for (int r = 0; r < n; r++) {
            images[r] = picks[from + r];
            labels[r] = data.label(images[r]);
        }
        float[] values = data.denseValues();
        if (values != null) {
            int width = sizes.inputSize();
            if (denseBatch.length < n * width) {
                denseBatch = new float[n * width];
            }
            for (int r = 0; r < n; r++) {
                System.arraycopy(values, images[r] * width, denseBatch, r * width, width);
            }
        }
    }

    /**
     * Regroups the batch's nonzero pixels by pixel, each packed with its row in the batch and its
     * value: counted per pixel first, then laid out packed, so that the few thousand entries stay in
     * the first-level cache.
     */
    private void groupByPixel() {
        int[] starts = batch.rowStarts();
        int[] e = batch.entries();
        int inputs = sizes.inputSize();
        int[] start = colStart;
        Arrays.fill(start, 0);
        for (int r = 0; r < rows; r++) {
            for (int i = starts[images[r]], end = starts[images[r] + 1]; i < end; i++) {
                start[(e[i] >>> 8) + 1]++;
            }
        }
        for (int k = 0; k < inputs; k++) {
            start[k + 1] += start[k];
        }
        if (columns.length < start[inputs]) {
            columns = new int[start[inputs]];
        }
        int[] fill = colFill;
        System.arraycopy(start, 0, fill, 0, inputs);
        int[] c = columns;
        for (int r = 0; r < rows; r++) {
            int row = r << 8;
            for (int i = starts[images[r]], end = starts[images[r] + 1]; i < end; i++) {
                c[fill[e[i] >>> 8]++] = row | (e[i] & 0xFF);
            }
        }
    }

    /** {@code predict}, keeping every layer's output; returns the summed cross-entropy. */
    private double forward(float[][] params) {
        int[] starts = batch.rowStarts();
        int[] e = batch.entries();
        for (int l = 0; l < layers; l++) {
            int out = padded[l];
            float[] a = z[l];
            float[] w = params[2 * l];
            float[] b = params[2 * l + 1];
            if (l == 0 && batch.denseValues() != null) {
                int inputs = sizes.inputSize();
                for (int r = 0; r < rows; r += 2) {
                    int r1 = Math.min(r + 1, rows - 1);
                    kernels.combineDense(a, r * out, r1 * out, b, 0, denseBatch, r * inputs, r1 * inputs, 1, inputs, w, 0, out, out);
                }
            } else if (l == 0) {
                for (int r = 0; r < rows; r += 2) {
                    int r1 = Math.min(r + 1, rows - 1);
                    int i0 = images[r];
                    int i1 = images[r1];
                    kernels.combineSparse(a, r * out, r1 * out, b, e, starts[i0], starts[i0 + 1], starts[i1], starts[i1 + 1], PIXEL_VALUE, w, out, out);
                }
            } else {
                int in = padded[l - 1];
                int inputs = sizes.size(l);
                float[] x = z[l - 1];
                for (int r = 0; r < rows; r += 2) {
                    int r1 = Math.min(r + 1, rows - 1);
                    kernels.combineDense(a, r * out, r1 * out, b, 0, x, r * in, r1 * in, 1, inputs, w, 0, out, out);
                }
            }
            if (l < layers - 1) {
                kernels.sigmoid(a, 0, rows * out);
            }
        }
        return softmaxAndLoss();
    }

    /** Softmax of the output rows in place (padding set to zero) and the summed cross-entropy. */
    private double softmaxAndLoss() {
        int out = padded[layers - 1];
        int classes = sizes.outputSize();
        float[] y = z[layers - 1];
        double loss = 0;
        for (int r = 0; r < rows; r++) {
            int at = r * out;
            Activations.softmaxInPlace(y, at, at + classes);
            Arrays.fill(y, at + classes, at + out, 0f);
            loss += Losses.crossEntropyError(y, at, labels[r]);
        }
        return loss;
    }

    /** Backpropagation from the softmax-with-loss layer down to {@code dW1}. */
    private void backward(float[][] params, float scale, float[][] grads) {
        int last = layers - 1;
        int outLast = padded[last];
        float[] y = z[last];
        float[] d = delta[last];
        for (int r = 0; r < rows; r++) {
            int at = r * outLast;
            for (int j = 0; j < outLast; j++) {
                d[at + j] = y[at + j] * scale;
            }
            d[at + labels[r]] = (y[at + labels[r]] - 1f) * scale;
        }
        for (int l = last; l >= 0; l--) {
            int out = padded[l];
            float[] dl = delta[l];
            float[] gb = grads[2 * l + 1];
            Arrays.fill(gb, 0f);
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < out; j++) {
                    gb[j] += dl[r * out + j];
                }
            }
            float[] gw = grads[2 * l];
            if (l == 0 && batch.denseValues() != null) {
                for (int k = 0, inputs = sizes.inputSize(); k < inputs; k += 2) {
                    int k1 = Math.min(k + 1, inputs - 1);
                    kernels.combineDense(gw, k * out, k1 * out, null, 0, denseBatch, k, k1, inputs, rows, dl, 0, out, out);
                }
                continue;
            }
            if (l == 0) {
                groupByPixel();
                int[] start = colStart;
                for (int k = 0, inputs = sizes.inputSize(); k < inputs; k += 2) {
                    int k1 = Math.min(k + 1, inputs - 1);
                    kernels.combineSparse(gw, k * out, k1 * out, null, columns, start[k], start[k + 1], start[k1], start[k1 + 1], PIXEL_VALUE, dl, out, out);
                }
                continue;
            }
            int in = padded[l - 1];
            int inputs = sizes.size(l);
            float[] x = z[l - 1];
            for (int k = 0; k < inputs; k += 2) {
                int k1 = Math.min(k + 1, inputs - 1);
                kernels.combineDense(gw, k * out, k1 * out, null, 0, x, k, k1, in, rows, dl, 0, out, out);
            }
            // dz = delta · Wᵀ, then delta of the layer below = dz · (1 - z) · z
            int outputs = sizes.size(l + 1);
            float[] w = params[2 * l];
            float[] wt = transposed[l];
            for (int k = 0; k < inputs; k++) {
                for (int j = 0; j < outputs; j++) {
                    wt[j * in + k] = w[k * out + j];
                }
            }
            for (int r = 0; r < rows; r += 2) {
                int r1 = Math.min(r + 1, rows - 1);
                kernels.combineDense(dz, r * in, r1 * in, null, 0, dl, r * out, r1 * out, 1, outputs, wt, 0, in, in);
            }
            float[] below = delta[l - 1];
            for (int i = 0, end = rows * in; i < end; i++) {
                float s = x[i];
                below[i] = dz[i] * ((1f - s) * s);
            }
        }
    }
}
