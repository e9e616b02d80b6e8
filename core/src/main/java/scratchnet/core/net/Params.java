package scratchnet.core.net;

import java.util.LinkedHashMap;
import java.util.Map;

import scratchnet.core.array.F32Array;
import scratchnet.core.array.NdArray;

/**
 * Parameters as training keeps them: float32 arrays in the book's key order
 * {@code W1, b1, W2, b2, …} ({@code W} row-major {@code in × out}), the layout {@link Network}
 * reads and {@code .npz} files store.
 */
public final class Params {

    private Params() {
    }

    /** @return {@code W1, b1, W2, …} for array index {@code 0, 1, 2, …} */
    public static String key(int i) {
        return Network64.key(i);
    }

    /** @return copies of a network's arrays, in key order */
    public static float[][] of(Network network) {
        LayerSizes s = network.sizes();
        float[][] p = new float[2 * s.layerCount()][];
        for (int l = 0; l < s.layerCount(); l++) {
            p[2 * l] = network.weights(l).clone();
            p[2 * l + 1] = network.biases(l).clone();
        }
        return p;
    }

    /** @return a network holding copies of the arrays (training may go on changing its own) */
    public static Network network(LayerSizes sizes, float[][] params) {
        float[][] w = new float[sizes.layerCount()][];
        float[][] b = new float[sizes.layerCount()][];
        for (int l = 0; l < sizes.layerCount(); l++) {
            w[l] = params[2 * l].clone();
            b[l] = params[2 * l + 1].clone();
        }
        return new Network(sizes, w, b);
    }

    /** @return a deep copy */
    public static float[][] copy(float[][] a) {
        float[][] out = new float[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].clone();
        }
        return out;
    }

    /** @return whether every value is finite */
    public static boolean finite(float[][] a) {
        for (float[] x : a) {
            // a NaN or an infinity makes the sum of all values non-finite, and floats added in double
            // never overflow: four running sums, so that the additions do not wait for each other
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            int i = 0;
            for (; i + 3 < x.length; i += 4) {
                s0 += x[i];
                s1 += x[i + 1];
                s2 += x[i + 2];
                s3 += x[i + 3];
            }
            for (; i < x.length; i++) {
                s0 += x[i];
            }
            if (!Double.isFinite(s0 + s1 + s2 + s3)) {
                return false;
            }
        }
        return true;
    }

    /** @return the arrays shaped as the book's ({@code W} as {@code in × out}), keyed {@code prefix + W1, …} */
    public static Map<String, NdArray> arrays(LayerSizes sizes, float[][] params, String prefix) {
        Map<String, NdArray> out = new LinkedHashMap<>();
        for (int l = 0; l < sizes.layerCount(); l++) {
            out.put(prefix + key(2 * l), new F32Array(new int[] {sizes.size(l), sizes.size(l + 1)}, params[2 * l].clone()));
            out.put(prefix + key(2 * l + 1), new F32Array(new int[] {sizes.size(l + 1)}, params[2 * l + 1].clone()));
        }
        return out;
    }

    /**
     * @return the arrays {@code prefix + W1, …} of a map read from an {@code .npz}, checked against
     *         the shapes, or {@code null} when none of them is there
     * @throws scratchnet.core.BadInputException when some are there but not all, or shaped wrong
     */
    public static float[][] fromArrays(LayerSizes sizes, Map<String, ? extends NdArray> arrays, String prefix, String source) {
        float[][] out = new float[2 * sizes.layerCount()][];
        int found = 0;
        for (int i = 0; i < out.length; i++) {
            NdArray a = arrays.get(prefix + key(i));
            if (a == null) {
                continue;
            }
            int expected = i % 2 == 0 ? sizes.size(i / 2) * sizes.size(i / 2 + 1) : sizes.size(i / 2 + 1);
            if (!(a instanceof F32Array f) || f.data().length != expected) {
                throw new scratchnet.core.BadInputException(source + ": " + prefix + key(i) + " has shape " + a.shapeText() + " and dtype " + a.dtype()
                        + ", expected " + expected + " float32 values for network " + sizes);
            }
            out[i] = f.data().clone();
            found++;
        }
        if (found == 0) {
            return null;
        }
        if (found != out.length) {
            throw new scratchnet.core.BadInputException(source + ": only " + found + " of the " + out.length + " arrays " + prefix + "W1, " + prefix + "b1, … are there");
        }
        return out;
    }
}
