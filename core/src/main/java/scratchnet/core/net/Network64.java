package scratchnet.core.net;

import java.util.LinkedHashMap;
import java.util.Map;

import scratchnet.core.array.F64Array;
import scratchnet.core.math.Activations;
import scratchnet.core.math.Losses;
import scratchnet.core.math.NumericalGradient;

/**
 * The book's network widened to float64, for checking gradients as chapter 4 and 5 do
 * ({@code gradient_check.py}): the loss, its gradient by backpropagation, and its numerical
 * gradient by central differences. Parameters are arrays in the book's key order
 * {@code W1, b1, W2, b2, …}; a gradient is a {@code Network64} too, with the same keys, as the
 * book's {@code grads} dictionary mirrors {@code params}.
 *
 * <p>Images are row-major {@code n × 784} doubles; labels are class indices. The loss is the
 * book's {@code cross_entropy_error} with its {@code delta = 1e-7}, averaged over the batch.
 */
public final class Network64 {
    private final LayerSizes sizes;
    private final double[][] params;

    /**
     * @param sizes  the shape
     * @param params {@code W1, b1, …} in key order, {@code W} row-major {@code in × out}; taken as they are
     */
    public Network64(LayerSizes sizes, double[][] params) {
        if (params.length != 2 * sizes.layerCount()) {
            throw new IllegalArgumentException("network " + sizes + " needs " + 2 * sizes.layerCount() + " arrays");
        }
        for (int l = 0; l < sizes.layerCount(); l++) {
            if (params[2 * l].length != sizes.size(l) * sizes.size(l + 1) || params[2 * l + 1].length != sizes.size(l + 1)) {
                throw new IllegalArgumentException("layer " + (l + 1) + " does not match network " + sizes);
            }
        }
        this.sizes = sizes;
        this.params = params;
    }

    /** @return the float32 network widened to float64 exactly */
    public static Network64 of(Network network) {
        LayerSizes s = network.sizes();
        double[][] p = new double[2 * s.layerCount()][];
        for (int l = 0; l < s.layerCount(); l++) {
            p[2 * l] = widen(network.weights(l));
            p[2 * l + 1] = widen(network.biases(l));
        }
        return new Network64(s, p);
    }

    private static double[] widen(float[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i];
        }
        return out;
    }

    /** @return the shape */
    public LayerSizes sizes() {
        return sizes;
    }

    /** @return the array of key {@link #key(int) key(i)}, not a copy */
    public double[] array(int i) {
        return params[i];
    }

    /** @return {@code W1, b1, W2, …} for array index {@code 0, 1, 2, …} */
    public static String key(int i) {
        return (i % 2 == 0 ? "W" : "b") + (i / 2 + 1);
    }

    /** @return the number of arrays */
    public int arrayCount() {
        return params.length;
    }

    /** @return all parameters, counted over every array in key order */
    public int parameterCount() {
        int n = 0;
        for (double[] a : params) {
            n += a.length;
        }
        return n;
    }

    /** @return the book's {@code predict(x)}: softmax rows of the output layer */
    public double[] predict(double[] x, int n) {
        return forward(x, n)[sizes.layerCount() - 1];
    }

    /** @return the book's {@code loss(x, t)}: mean cross-entropy with {@code delta} */
    public double loss(double[] x, int[] t, int n) {
        return crossEntropy(predict(x, n), t, n);
    }

    /**
     * Every layer's output, the last one softmaxed: {@code a = x·W + b} as {@code np.dot(x, W) + b}
     * (the dot product first, each element summed over the inputs in order; zero inputs, which add
     * exactly nothing, are skipped).
     */
    private double[][] forward(double[] x, int n) {
        int layers = sizes.layerCount();
        double[][] z = new double[layers][];
        double[] in = x;
        for (int l = 0; l < layers; l++) {
            int out = sizes.size(l + 1);
            z[l] = new double[n * out];
            for (int j = 0; j < out; j++) {
                affineColumn(l, in, n, j, z[l]);
            }
            activate(l, z[l], n);
            in = z[l];
        }
        return z;
    }

    /** Column {@code j} of layer {@code l}'s {@code x·W + b}, for every row. */
    private void affineColumn(int l, double[] x, int n, int j, double[] a) {
        int in = sizes.size(l);
        int out = sizes.size(l + 1);
        double[] w = params[2 * l];
        double b = params[2 * l + 1][j];
        for (int r = 0; r < n; r++) {
            double s = 0;
            int xr = r * in;
            for (int k = 0; k < in; k++) {
                double v = x[xr + k];
                if (v != 0) {
                    s += v * w[k * out + j];
                }
            }
            a[r * out + j] = s + b;
        }
    }

    /** Sigmoid for a hidden layer, softmax for each row of the last, in place. */
    private void activate(int l, double[] a, int n) {
        int out = sizes.size(l + 1);
        if (l < sizes.layerCount() - 1) {
            for (int i = 0; i < a.length; i++) {
                a[i] = Activations.sigmoid(a[i]);
            }
            return;
        }
        for (int r = 0; r < n; r++) {
            Activations.softmaxInPlace(a, r * out, r * out + out);
        }
    }

    /** The book's mini-batch {@code cross_entropy_error} of the softmax rows {@code y}. */
    private double crossEntropy(double[] y, int[] t, int n) {
        return Losses.crossEntropyError(new F64Array(new int[] {n, sizes.outputSize()}, y), t);
    }

    /**
     * The book's {@code gradient(x, t)} by backpropagation: {@code dy = (y - t) / n},
     * {@code dW = zᵀ·da}, {@code db = Σ da}, {@code da = (da_above·Wᵀ) · (1 - sigmoid(a)) · sigmoid(a)}.
     *
     * @return the gradient, shaped as this network
     */
    public Network64 gradient(double[] x, int[] t, int n) {
        int layers = sizes.layerCount();
        double[][] z = forward(x, n);
        double[][] grads = new double[2 * layers][];
        int classes = sizes.outputSize();
        double[] d = z[layers - 1].clone();
        for (int r = 0; r < n; r++) {
            d[r * classes + t[r]] -= 1;
        }
        for (int i = 0; i < d.length; i++) {
            d[i] /= n;
        }
        for (int l = layers - 1; l >= 0; l--) {
            int in = sizes.size(l);
            int out = sizes.size(l + 1);
            double[] input = l == 0 ? x : z[l - 1];
            double[] gw = new double[in * out];
            double[] gb = new double[out];
            for (int k = 0; k < in; k++) {
                for (int j = 0; j < out; j++) {
                    double s = 0;
                    for (int r = 0; r < n; r++) {
                        s += input[r * in + k] * d[r * out + j];
                    }
                    gw[k * out + j] = s;
                }
            }
            for (int j = 0; j < out; j++) {
                double s = 0;
                for (int r = 0; r < n; r++) {
                    s += d[r * out + j];
                }
                gb[j] = s;
            }
            grads[2 * l] = gw;
            grads[2 * l + 1] = gb;
            if (l == 0) {
                break;
            }
            double[] w = params[2 * l];
            double[] below = new double[n * in];
            for (int r = 0; r < n; r++) {
                for (int k = 0; k < in; k++) {
                    double s = 0;
                    for (int j = 0; j < out; j++) {
                        s += d[r * out + j] * w[k * out + j];
                    }
                    double sig = input[r * in + k];
                    below[r * in + k] = s * ((1.0 - sig) * sig);
                }
            }
            d = below;
        }
        return new Network64(sizes, grads);
    }

    /**
     * The book's {@code numerical_gradient(loss, params[key])} over a slice of the parameters
     * counted across all arrays in key order: central differences with {@code h = 1e-4}, each
     * parameter set to {@code v + h}, then {@code v - h}, then back to exactly {@code v}. A
     * perturbed parameter of layer {@code l} changes only one column of that layer's
     * {@code x·W + b}, so only that column is recomputed, then the layers above it: the same
     * arithmetic as a full forward pass, for a seventh of the work.
     *
     * <p>The parameters are perturbed in this network's own arrays: use one instance per thread.
     *
     * @param from first flat parameter index
     * @param to   last flat parameter index, exclusive
     * @return {@code ∂loss/∂p} for every parameter of the slice
     */
    public double[] numericalGradient(int from, int to, double[] x, int[] t, int n) {
        double[][] base = forward(x, n);
        double[] grad = new double[to - from];
        int array = 0;
        int offset = 0;
        for (int p = from; p < to; p++) {
            while (p >= offset + params[array].length) {
                offset += params[array].length;
                array++;
            }
            int index = p - offset;
            int layer = array / 2;
            int out = sizes.size(layer + 1);
            int column = array % 2 == 0 ? index % out : index;
            grad[p - from] = NumericalGradient.partialDerivative(params[array], index, () -> lossWithColumn(base, x, t, n, layer, column));
        }
        return grad;
    }

    /** The loss after a change of column {@code column} of layer {@code layer}, other layers below taken from {@code base}. */
    private double lossWithColumn(double[][] base, double[] x, int[] t, int n, int layer, int column) {
        int layers = sizes.layerCount();
        double[] in = layer == 0 ? x : base[layer - 1];
        double[] a = base[layer].clone();
        int out = sizes.size(layer + 1);
        if (layer < layers - 1) {
            // this column's x·W + b again, then its sigmoid; the other columns are unchanged
            affineColumn(layer, in, n, column, a);
            for (int r = 0; r < n; r++) {
                a[r * out + column] = Activations.sigmoid(a[r * out + column]);
            }
        } else {
            double[] full = new double[n * out];
            for (int j = 0; j < out; j++) {
                affineColumn(layer, in, n, j, full);
            }
            activate(layer, full, n);
            return crossEntropy(full, t, n);
        }
        in = a;
        for (int l = layer + 1; l < layers; l++) {
            int o = sizes.size(l + 1);
            double[] next = new double[n * o];
            for (int j = 0; j < o; j++) {
                affineColumn(l, in, n, j, next);
            }
            activate(l, next, n);
            in = next;
        }
        return crossEntropy(in, t, n);
    }

    /** @return {@code mean(|this - other|)} per key, as {@code gradient_check.py} prints it */
    public Map<String, Double> meanAbsDiff(Network64 other) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i++) {
            double s = 0;
            for (int k = 0; k < params[i].length; k++) {
                s += Math.abs(params[i][k] - other.params[i][k]);
            }
            out.put(key(i), s / params[i].length);
        }
        return out;
    }

    /** @return {@code max(|this - other|)} per key */
    public Map<String, Double> maxAbsDiff(Network64 other) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i++) {
            double m = 0;
            for (int k = 0; k < params[i].length; k++) {
                m = Math.max(m, Math.abs(params[i][k] - other.params[i][k]));
            }
            out.put(key(i), m);
        }
        return out;
    }

    /** @return the sum of every array, per key (golden's {@code backprop_sum}) */
    public Map<String, Double> sums() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i++) {
            double s = 0;
            for (double v : params[i]) {
                s += v;
            }
            out.put(key(i), s);
        }
        return out;
    }

    /** @return a network of these shapes holding flat values (a slice-assembled gradient), split by key */
    public Network64 withValues(double[] flat) {
        double[][] p = new double[params.length][];
        int at = 0;
        for (int i = 0; i < params.length; i++) {
            p[i] = java.util.Arrays.copyOfRange(flat, at, at + params[i].length);
            at += params[i].length;
        }
        return new Network64(sizes, p);
    }
}
