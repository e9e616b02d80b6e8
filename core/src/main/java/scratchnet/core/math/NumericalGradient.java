package scratchnet.core.math;

import java.util.function.DoubleConsumer;
import java.util.function.DoubleSupplier;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;

import scratchnet.core.BadInputException;
import scratchnet.core.array.F64Array;
import scratchnet.core.array.NdIter;

/**
 * The book's numerical differentiation (section 4.3–4.4) in double precision: central
 * differences {@code (f(x+h) - f(x-h)) / 2h} with {@code h = 1e-4}.
 *
 * <p>As in the book, the function takes the parameters it is differentiated by, and those are
 * perturbed <em>in place</em>, one element at a time, then restored to exactly their old value. So
 * a function that ignores its argument and reads the parameters from elsewhere works too: the
 * book's {@code f = lambda W: net.loss(x, t)} is {@code W -> net.loss(x, t)} here, with
 * {@code net.W()} the array passed in.
 */
public final class NumericalGradient {
    /** The book's {@code h}: small, but not so small that {@code x + h} rounds back to {@code x}. */
    public static final double H = 1e-4;

    private NumericalGradient() {
    }

    /** {@code numerical_diff(f, x) = (f(x+h) - f(x-h)) / (2*h)} (section 4.3.1). */
    public static double numericalDiff(DoubleUnaryOperator f, double x) {
        return (f.applyAsDouble(x + H) - f.applyAsDouble(x - H)) / (2 * H);
    }

    /**
     * {@code numerical_gradient(f, x)} for a vector (the book's
     * {@code _numerical_gradient_no_batch}): one partial derivative per element.
     *
     * @param f a function of the whole vector
     * @param x the point; perturbed in place while {@code f} runs, restored exactly afterwards
     * @return the gradient, as long as {@code x}
     * @throws BadInputException when {@code x} holds NaN
     */
    public static double[] numericalGradient(ToDoubleFunction<double[]> f, double[] x) {
        Inputs.requireNoNaN("x", x);
        double[] grad = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            grad[i] = partialDerivative(x, i, () -> f.applyAsDouble(x));
        }
        return grad;
    }

    /**
     * {@code numerical_gradient(f, X)} for a matrix, row by row, as the notebook's version does
     * ({@code for idx, x in enumerate(X): grad[idx] = _numerical_gradient_no_batch(f, x)}):
     * {@code f} is given one row at a time. NumPy's row is a view of the matrix; here {@code f}
     * gets a row array that mirrors the matrix row, and every perturbation is made in both, so
     * {@code f} may read either.
     *
     * @param f a function of one row
     * @param x a matrix; perturbed in place while {@code f} runs, restored exactly afterwards
     * @return the gradient, shaped as {@code x}
     * @throws BadInputException when {@code x} is not a matrix or holds NaN
     */
    public static F64Array numericalGradientByRows(ToDoubleFunction<double[]> f, F64Array x) {
        if (x.shape().length != 2) {
            throw new BadInputException("the row-by-row gradient needs a matrix, x has shape " + x.shapeText());
        }
        Inputs.requireNoNaN("x", x.data());
        int rows = x.shape()[0];
        int cols = x.shape()[1];
        double[] data = x.data();
        double[] grad = new double[data.length];
        for (int r = 0; r < rows; r++) {
            int offset = r * cols;
            double[] row = java.util.Arrays.copyOfRange(data, offset, offset + cols);
            for (int i = 0; i < cols; i++) {
                int idx = i;
                grad[offset + i] = partialDerivative(row[i], v -> {
                    row[idx] = v;
                    data[offset + idx] = v;
                }, () -> f.applyAsDouble(row));
            }
        }
        return new F64Array(x.shape().clone(), grad);
    }

    /**
     * {@code numerical_gradient(f, x)} for an array of any shape, walking its elements with an
     * element iterator as the book's {@code np.nditer} version does; {@code f} is given the whole
     * array every time. On the same function it gives bit for bit what
     * {@link #numericalGradientByRows} gives: each element sees the same arithmetic.
     *
     * @param f a function of the whole array
     * @param x the point; perturbed in place while {@code f} runs, restored exactly afterwards
     * @return the gradient, shaped as {@code x}
     * @throws BadInputException when {@code x} holds NaN
     */
    public static F64Array numericalGradient(ToDoubleFunction<F64Array> f, F64Array x) {
        Inputs.requireNoNaN("x", x.data());
        double[] data = x.data();
        double[] grad = new double[data.length];
        for (NdIter it = new NdIter(x.shape()); !it.finished(); it.iternext()) {
            int idx = it.flatIndex();
            grad[idx] = partialDerivative(data, idx, () -> f.applyAsDouble(x));
        }
        return new F64Array(x.shape().clone(), grad);
    }

    /**
     * One partial derivative by {@link #numericalDiff}: sets {@code values[index]} to
     * {@code tmp + h}, then {@code tmp - h}, evaluating {@code f} after each, and always back to
     * exactly {@code tmp}, even when {@code f} throws. {@code f} reads the parameters from wherever
     * they live, {@code values} among them.
     *
     * @param values the parameters, perturbed in place while {@code f} runs
     * @param index  the one element to differentiate by
     * @param f      the function, of the parameters as they are at the call
     * @return {@code ∂f/∂values[index]}
     */
    public static double partialDerivative(double[] values, int index, DoubleSupplier f) {
        return partialDerivative(values[index], v -> values[index] = v, f);
    }

    /** {@link #partialDerivative(double[], int, DoubleSupplier)} of an element that {@code set} writes. */
    private static double partialDerivative(double tmp, DoubleConsumer set, DoubleSupplier f) {
        try {
            return numericalDiff(v -> {
                set.accept(v);
                return f.getAsDouble();
            }, tmp);
        } finally {
            set.accept(tmp);
        }
    }
}
