package scratchnet.core.math;

import java.util.function.IntToDoubleFunction;

import scratchnet.core.BadInputException;
import scratchnet.core.array.F64Array;

/**
 * The book's loss functions (section 4.2) in double precision: {@code mean_squared_error} and
 * {@code cross_entropy_error} for one example (also for one float32 softmax row and its label
 * index, as evaluation and training sum them), and the mini-batch cross entropy for one-hot
 * labels and for label indices, averaged over the batch. The mini-batch versions are the ones the
 * book means; its notebook's cells had typos ({@code y.reshape(1, y,size)},
 * {@code y[np.arange(batch_size, t)]}).
 */
public final class Losses {
    /** The book's {@code delta}: added to {@code y} so that {@code log(0)} never gives {@code -inf}. */
    public static final double DELTA = 1e-7;

    private Losses() {
    }

    /**
     * {@code mean_squared_error(y, t) = 0.5 * np.sum((y - t)**2)}.
     *
     * @param y the network's output
     * @param t the one-hot label
     * @throws BadInputException when the lengths differ, they are empty, or a value is NaN
     */
    public static double meanSquaredError(double[] y, double[] t) {
        checkPair(new int[] {y.length}, y, new int[] {t.length}, t);
        return halfSumOfSquares(i -> y[i] - t[i], y.length);
    }

    /**
     * {@link #meanSquaredError(double[], double[])} of one softmax row against the one-hot vector
     * of its label, without building the one-hot vector. Not checked, as it runs once per image.
     *
     * @param y      float32 rows; the row is {@code y[offset, offset + length)}
     * @param offset index of the row's first value
     * @param length the row's length, the number of classes
     * @param t      the label, a class index below {@code length}
     */
    public static double meanSquaredError(float[] y, int offset, int length, int t) {
        return halfSumOfSquares(k -> y[offset + k] - (k == t ? 1.0 : 0.0), length);
    }

    /** {@code 0.5 * np.sum(d**2)} of the differences {@code d(0) … d(n-1)}. */
    private static double halfSumOfSquares(IntToDoubleFunction difference, int n) {
        double[] squares = new double[n];
        for (int i = 0; i < n; i++) {
            double d = difference.applyAsDouble(i);
            squares[i] = d * d;
        }
        return 0.5 * Sums.sum(squares);
    }

    /**
     * {@code cross_entropy_error(y, t) = -np.sum(t * np.log(y + delta))} for one example
     * (section 4.2.2).
     *
     * @param y the network's output
     * @param t the one-hot label
     * @throws BadInputException when the lengths differ, they are empty, or a value is NaN
     */
    public static double crossEntropyError(double[] y, double[] t) {
        return crossEntropyError(F64Array.vector(y), F64Array.vector(t));
    }

    /**
     * {@code cross_entropy_error} of one softmax row and its label index: the book's
     * {@code -np.log(y[t] + delta)}, in double. Not checked, as it runs once per image.
     *
     * @param y      float32 rows; the row starts at {@code offset}
     * @param offset index of the row's first value
     * @param t      the label, a class index within the row
     */
    public static double crossEntropyError(float[] y, int offset, int t) {
        return crossEntropyAt(y[offset + t]);
    }

    /** {@code -log(y + delta)}, {@code y} an output at the label: one example's cross-entropy. */
    private static double crossEntropyAt(double y) {
        return -Math.log(y + DELTA);
    }

    /**
     * The mini-batch {@code cross_entropy_error(y, t)} for one-hot labels (section 4.2.4):
     * {@code -np.sum(t * np.log(y + delta)) / batch_size}. A single row {@code (n,)} counts as a
     * batch of one, as the book's {@code reshape(1, y.size)} makes it.
     *
     * @param y outputs, shape {@code (n,)} or {@code (batch, n)}
     * @param t one-hot labels of the same shape
     * @throws BadInputException when the shapes differ, the batch is empty, or a value is NaN
     */
    public static double crossEntropyError(F64Array y, F64Array t) {
        checkPair(y.shape(), y.data(), t.shape(), t.data());
        int batchSize = batchSize(y);
        double[] terms = new double[y.size()];
        for (int i = 0; i < terms.length; i++) {
            terms[i] = t.data()[i] * Math.log(y.data()[i] + DELTA);
        }
        return -Sums.sum(terms) / batchSize;
    }

    /**
     * The mini-batch {@code cross_entropy_error(y, t)} for label indices (section 4.2.4):
     * {@code -np.sum(np.log(y[np.arange(batch_size), t] + delta)) / batch_size}.
     *
     * @param y outputs, shape {@code (n,)} (with one label) or {@code (batch, n)}
     * @param t one class index per row of {@code y}
     * @throws BadInputException when the counts differ, a label is out of range, the batch is
     *                           empty, or a value is NaN
     */
    public static double crossEntropyError(F64Array y, int[] t) {
        Inputs.requireNonEmpty("y", y.shape());
        Inputs.requireNoNaN("y", y.data());
        int batchSize = batchSize(y);
        if (t.length != batchSize) {
            throw new BadInputException("y has shape " + y.shapeText() + " (a batch of " + batchSize + ") but t has " + t.length + " labels");
        }
        int classes = y.shape()[y.shape().length - 1];
        for (int i = 0; i < t.length; i++) {
            if (t[i] < 0 || t[i] >= classes) {
                throw new BadInputException("label t[" + i + "] = " + t[i] + " is not a class index of y with shape " + y.shapeText());
            }
        }
        F64Array rows = y.shape().length == 1 ? new F64Array(new int[] {1, y.size()}, y.data()) : y;
        double[] picked = MiniBatch.elements(rows, MiniBatch.arange(batchSize), t);
        double[] terms = new double[batchSize];
        for (int i = 0; i < batchSize; i++) {
            terms[i] = crossEntropyAt(picked[i]);
        }
        // Σ -log is the value of -Σ log: rounding to nearest is symmetric
        return Sums.sum(terms) / batchSize;
    }

    private static void checkPair(int[] yShape, double[] y, int[] tShape, double[] t) {
        Inputs.requireSameShape("y", yShape, "t", tShape);
        Inputs.requireNonEmpty("y", yShape);
        Inputs.requireNoNaN("y", y);
        Inputs.requireNoNaN("t", t);
    }

    /** The book's {@code y.shape[0]} after {@code reshape(1, y.size)} for a single row. */
    private static int batchSize(F64Array y) {
        return switch (y.shape().length) {
            case 1 -> 1;
            case 2 -> y.shape()[0];
            default -> throw new BadInputException("y must be a row or a batch of rows, has shape " + y.shapeText());
        };
    }
}
