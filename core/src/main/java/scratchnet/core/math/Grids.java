package scratchnet.core.math;

import scratchnet.core.BadInputException;
import scratchnet.core.array.F64Array;

/**
 * The NumPy helpers section 4.4 uses to lay out a grid of points: {@code np.arange},
 * {@code np.meshgrid} and {@code flatten}.
 */
public final class Grids {

    private Grids() {
    }

    /** {@code X, Y = np.meshgrid(x0, x1)}: both {@code len(x1) × len(x0)}. */
    public record Mesh(F64Array X, F64Array Y) {
    }

    /**
     * {@code np.arange(start, stop, step)} for floats: {@code ceil((stop - start) / step)}
     * values, {@code stop} excluded, computed as NumPy fills them
     * ({@code start + i * ((start + step) - start)}).
     *
     * @throws BadInputException when {@code step} is zero or a bound is not finite
     */
    public static double[] arange(double start, double stop, double step) {
        if (step == 0 || !Double.isFinite(start) || !Double.isFinite(stop) || !Double.isFinite(step)) {
            throw new BadInputException("arange needs finite bounds and a non-zero step, got (" + start + ", " + stop + ", " + step + ")");
        }
        int length = (int) Math.max(0, Math.ceil((stop - start) / step));
        double[] out = new double[length];
        double delta = (start + step) - start;
        for (int i = 0; i < length; i++) {
            out[i] = start + i * delta;
        }
        return out;
    }

    /**
     * {@code np.meshgrid(x0, x1)}: every row of {@code X} is {@code x0}, every column of
     * {@code Y} is {@code x1}, so {@code (X[i, j], Y[i, j])} runs over all pairs.
     */
    public static Mesh meshgrid(double[] x0, double[] x1) {
        int rows = x1.length;
        int cols = x0.length;
        double[] x = new double[rows * cols];
        double[] y = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                x[i * cols + j] = x0[j];
                y[i * cols + j] = x1[i];
            }
        }
        int[] shape = {rows, cols};
        return new Mesh(new F64Array(shape, x), new F64Array(shape.clone(), y));
    }

    /** {@code a.flatten()}: a 1-D copy of the elements in C order. */
    public static F64Array flatten(F64Array a) {
        return new F64Array(new int[] {a.size()}, a.data().clone());
    }
}
