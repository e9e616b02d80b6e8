package scratchnet.core.net;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

import scratchnet.core.BadInputException;
import scratchnet.core.array.F32Array;
import scratchnet.core.array.NdArray;
import scratchnet.core.data.SparseImages;

/**
 * The book's fully connected network: sigmoid hidden layers and a softmax output, float32 weights.
 * {@code W(i)} is {@code sizes(i) × sizes(i+1)} in row-major order and {@code b(i)} has
 * {@code sizes(i+1)} entries, so {@code a = x·W + b} exactly as {@code np.dot(x, W1) + b1}.
 * Instances are serialisable so that Spark can broadcast them.
 */
public final class Network implements Serializable {
    private static final long serialVersionUID = 1L;

    private final LayerSizes sizes;
    private final float[][] weights;
    private final float[][] biases;
    /**
     * The forward pass of the kernels this JVM runs ({@link Kernels#INSTANCE}), built on first use
     * (after a broadcast too): the SIMD one holds padded copies of the weights.
     */
    private transient volatile ForwardPass forward;

    /**
     * @param sizes   the layer widths
     * @param weights {@code W1 … Wn}, row-major, taken as they are (not copied)
     * @param biases  {@code b1 … bn}, taken as they are (not copied)
     */
    public Network(LayerSizes sizes, float[][] weights, float[][] biases) {
        if (weights.length != sizes.layerCount() || biases.length != sizes.layerCount()) {
            throw new IllegalArgumentException("network " + sizes + " needs " + sizes.layerCount() + " weight matrices and bias vectors");
        }
        for (int i = 0; i < sizes.layerCount(); i++) {
            if (weights[i].length != sizes.size(i) * sizes.size(i + 1) || biases[i].length != sizes.size(i + 1)) {
                throw new IllegalArgumentException("layer " + (i + 1) + " does not match network " + sizes);
            }
        }
        this.sizes = sizes;
        this.weights = weights;
        this.biases = biases;
    }

    /**
     * Builds a network from named arrays {@code W1, b1, W2, b2, …} as the book's pickle and our
     * {@code .npz} hold them, checking that every array is there, that the shapes chain
     * ({@code W1} is {@code 784 × n1}, {@code b1} has {@code n1}, {@code W2} is {@code n1 × n2}, …,
     * the last layer has 10 outputs) and that every value is finite.
     *
     * @param arrays named arrays; other keys are ignored
     * @param source the file they came from, for error messages
     * @return the network, its weights rounded to float32
     * @throws BadInputException naming the file, the key and the shape at fault
     */
    public static Network fromArrays(Map<String, ? extends NdArray> arrays, String source) {
        return fromArrays(arrays, source, true);
    }

    /**
     * {@link #fromArrays(Map, String)}, with or without its MNIST shape check: a network trained on
     * another table ({@code scratchnet.ml}) has any input width and any number of classes.
     *
     * @param mnist whether {@code W1} must take 784 inputs and the last layer give 10 outputs
     */
    public static Network fromArrays(Map<String, ? extends NdArray> arrays, String source, boolean mnist) {
        int layers = 0;
        while (arrays.containsKey("W" + (layers + 1))) {
            layers++;
        }
        if (layers == 0) {
            throw new BadInputException(source + ": no weight matrix W1 (keys: " + arrays.keySet() + ")");
        }
        int[] sizes = new int[layers + 1];
        float[][] w = new float[layers][];
        float[][] b = new float[layers][];
        for (int i = 0; i < layers; i++) {
            NdArray wi = arrays.get("W" + (i + 1));
            NdArray bi = arrays.get("b" + (i + 1));
            if (bi == null) {
                throw new BadInputException(source + ": missing bias b" + (i + 1) + " for W" + (i + 1));
            }
            if (wi.shape().length != 2) {
                throw new BadInputException(source + ": W" + (i + 1) + " must be a matrix, has shape " + wi.shapeText());
            }
            if (i == 0) {
                sizes[0] = wi.shape()[0];
                // Checked before the bias, so that a transposed W1 is blamed on W1, not on b1.
                if (mnist && sizes[0] != 784) {
                    throw new BadInputException(source + ": W1 has shape " + wi.shapeText() + ", expected 784 inputs (28x28 images)"
                            + (wi.shape()[1] == 784 ? "; it looks transposed" : ""));
                }
            } else if (wi.shape()[0] != sizes[i]) {
                throw new BadInputException(source + ": W" + (i + 1) + " has shape " + wi.shapeText()
                        + " but layer " + i + " has " + sizes[i] + " outputs");
            }
            sizes[i + 1] = wi.shape()[1];
            if (bi.shape().length != 1 || bi.shape()[0] != sizes[i + 1]) {
                throw new BadInputException(source + ": b" + (i + 1) + " has shape " + bi.shapeText()
                        + ", expected (" + sizes[i + 1] + ",) to match W" + (i + 1) + " " + wi.shapeText());
            }
            w[i] = toFiniteFloats(wi, source, "W" + (i + 1));
            b[i] = toFiniteFloats(bi, source, "b" + (i + 1));
        }
        if (mnist && sizes[layers] != 10) {
            throw new BadInputException(source + ": W" + layers + " has shape " + arrays.get("W" + layers).shapeText() + ", expected 10 outputs (digits 0-9)");
        }
        return new Network(new LayerSizes(sizes), w, b);
    }

    private static float[] toFiniteFloats(NdArray a, String source, String key) {
        float[] out = new float[a.size()];
        for (int i = 0; i < out.length; i++) {
            double v = a.get(i);
            if (!Double.isFinite(v)) {
                throw new BadInputException(source + ": " + key + " holds " + v + " at flat index " + i + " (weights must be finite)");
            }
            out[i] = (float) v;
        }
        return out;
    }

    /** @return the weights and biases as named float32 arrays {@code W1, b1, …}, in key order */
    public Map<String, NdArray> toArrays() {
        Map<String, NdArray> out = new LinkedHashMap<>();
        for (int i = 0; i < sizes.layerCount(); i++) {
            out.put("W" + (i + 1), new F32Array(new int[] {sizes.size(i), sizes.size(i + 1)}, weights[i].clone()));
            out.put("b" + (i + 1), new F32Array(new int[] {sizes.size(i + 1)}, biases[i].clone()));
        }
        return out;
    }

    /** @return the layer widths */
    public LayerSizes sizes() {
        return sizes;
    }

    /**
     * @return the row-major weight matrix of layer {@code i} (0-based: {@code W1} is 0), not a
     *         copy: read it, never change it (predictions use a copy made on first use); a
     *         changed network is a new {@code Network}
     */
    public float[] weights(int i) {
        return weights[i];
    }

    /** @return the bias vector of layer {@code i} (0-based: {@code b1} is 0), not a copy: read it, never change it */
    public float[] biases(int i) {
        return biases[i];
    }

    /**
     * The book's {@code predict(network, x)} for one image.
     *
     * @param x one input row of {@code inputSize()} values
     * @return the softmax of the output layer
     */
    public float[] predict(float[] x) {
        return predictBatch(x, 0, 1);
    }

    /**
     * {@code predict} for a batch: rows {@code 0 … n-1} of a row-major input starting at
     * {@code offset}. The one float32 forward pass of inference (scoring goes through it, see
     * {@link Scorer}), on the kernels this JVM runs: the SIMD pass or the plain loops, the same bits.
     *
     * @param x      row-major inputs of {@code inputSize()} values each
     * @param offset index of the first value of the first row
     * @param n      number of rows
     * @return {@code n × outputSize()} softmax rows
     */
    public float[] predictBatch(float[] x, int offset, int n) {
        return forward().predictBatch(x, offset, n);
    }

    /**
     * {@link #predictBatch(float[], int, int)} without its softmax: the output layer's scores (the
     * logits), whose softmax ({@code Activations.softmaxRows}) is that method's result, bit for bit.
     *
     * @param x      row-major inputs of {@code inputSize()} values each
     * @param offset index of the first value of the first row
     * @param n      number of rows
     * @return {@code n × outputSize()} rows of logits
     */
    public float[] logitsBatch(float[] x, int offset, int n) {
        return forward().logitsBatch(x, offset, n);
    }

    /**
     * {@code predict} for images as training caches them ({@link SparseImages}): the same pass and
     * the same bits as {@link #predictBatch(float[], int, int)} on the images normalised
     * ({@code value / 255}), its first layer reading each image's nonzero pixels where the kernels
     * can.
     *
     * @param images the images
     * @param from   the first image
     * @param n      number of images
     * @return {@code n × outputSize()} softmax rows
     */
    public float[] predictBatch(SparseImages images, int from, int n) {
        return forward().predictBatch(images, from, n);
    }

    private ForwardPass forward() {
        ForwardPass f = forward;
        if (f == null) {
            f = Kernels.INSTANCE.forwardPass(this);
            forward = f;
        }
        return f;
    }

    /** The plain-loop pass ({@link ScalarForward}) whatever this JVM runs: tests pin the SIMD pass's bits to it. */
    float[] predictBatchScalar(float[] x, int offset, int n) {
        return new ScalarForward(this).predictBatch(x, offset, n);
    }
}
