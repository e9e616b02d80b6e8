package scratchnet.core.math;

/**
 * The book's activation functions ({@code common/functions.py}) and {@code np.argmax}, on float32
 * vectors and on row-major batches (chapter 3; exponentials are taken in double and rounded once
 * to float), and on double vectors (chapter 4, which works in float64).
 */
public final class Activations {

    private Activations() {
    }

    /** @return {@code 1 / (1 + exp(-a))}, the book's {@code sigmoid} */
    public static double sigmoid(double a) {
        return 1.0 / (1.0 + Math.exp(-a));
    }

    /** @return {@link #sigmoid(double)} of {@code a} rounded once to float */
    public static float sigmoid(float a) {
        return (float) sigmoid((double) a);
    }

    /** Applies {@link #sigmoid(float)} to every element, in place. */
    public static void sigmoidInPlace(float[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            a[i] = sigmoid(a[i]);
        }
    }

    /** @return {@code sigmoid(a)} element-wise, as a new array */
    public static float[] sigmoid(float[] a) {
        float[] out = a.clone();
        sigmoidInPlace(out, 0, out.length);
        return out;
    }

    /** @return the softmax of one vector, stable: the maximum is subtracted before {@code exp} */
    public static float[] softmax(float[] a) {
        float[] out = a.clone();
        softmaxInPlace(out, 0, out.length);
        return out;
    }

    /**
     * The softmax of one vector in double precision, as chapter 4's {@code simpleNet} uses it:
     * {@code exp(a - max(a)) / sum(exp(a - max(a)))}; subtracting the maximum keeps {@code exp}
     * from overflowing without changing the result.
     */
    public static double[] softmax(double[] a) {
        double[] out = a.clone();
        softmaxInPlace(out, 0, out.length);
        return out;
    }

    /** {@link #softmax(double[])} of {@code a[from, to)}, in place. */
    public static void softmaxInPlace(double[] a, int from, int to) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = from; i < to; i++) {
            max = Math.max(max, a[i]);
        }
        double sum = 0;
        for (int i = from; i < to; i++) {
            a[i] = Math.exp(a[i] - max);
            sum += a[i];
        }
        for (int i = from; i < to; i++) {
            a[i] /= sum;
        }
    }

    /**
     * Softmax of every row of a row-major batch, in place.
     *
     * @param a    {@code rows × cols} values
     * @param rows number of rows
     * @param cols row length
     */
    public static void softmaxRows(float[] a, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            softmaxInPlace(a, r * cols, r * cols + cols);
        }
    }

    /** Stable softmax of {@code a[from, to)}, in place. */
    public static void softmaxInPlace(float[] a, int from, int to) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = from; i < to; i++) {
            max = Math.max(max, a[i]);
        }
        double sum = 0;
        for (int i = from; i < to; i++) {
            float e = (float) Math.exp(a[i] - max);
            a[i] = e;
            sum += e;
        }
        float total = (float) sum;
        for (int i = from; i < to; i++) {
            a[i] /= total;
        }
    }

    /** @return the index of the first largest element, as {@code np.argmax} */
    public static int argmax(float[] a) {
        return argmax(a, 0, a.length);
    }

    /** @return the index of the first largest element of a double vector, as {@code np.argmax} */
    public static int argmax(double[] a) {
        int best = 0;
        for (int i = 1; i < a.length; i++) {
            if (a[i] > a[best]) {
                best = i;
            }
        }
        return best;
    }

    /** @return the offset from {@code from} of the first largest element of {@code a[from, to)} */
    public static int argmax(float[] a, int from, int to) {
        int best = from;
        for (int i = from + 1; i < to; i++) {
            if (a[i] > a[best]) {
                best = i;
            }
        }
        return best - from;
    }

    /** @return {@code np.argmax(a, axis=1)} of a row-major {@code rows × cols} batch */
    public static int[] argmaxRows(float[] a, int rows, int cols) {
        int[] out = new int[rows];
        for (int r = 0; r < rows; r++) {
            out[r] = argmax(a, r * cols, r * cols + cols);
        }
        return out;
    }
}
