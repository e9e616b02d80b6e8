package scratchnet.core.array;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * An n-dimensional array in C (row-major) order, as NumPy holds it: a shape and a flat buffer.
 * The three kinds are the dtypes this project reads and writes: {@code uint8}, {@code float32}
 * and {@code float64}.
 */
public sealed interface NdArray permits U8Array, F32Array, F64Array {

    /** @return the dimensions, outermost first; never modified by callers */
    int[] shape();

    /** @return the NumPy dtype descriptor, e.g. {@code <f4} */
    String dtype();

    /** @return the element at a flat C-order index, widened to double */
    double get(int flatIndex);

    /** @return the number of elements: the product of the shape */
    default int size() {
        return sizeOf(shape());
    }

    /** @return the shape as NumPy prints it: {@code (784, 50)}, {@code (50,)}, {@code ()} */
    default String shapeText() {
        return shapeText(shape());
    }

    /** @return the elements widened to double, in C order */
    default double[] toDoubles() {
        double[] out = new double[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = get(i);
        }
        return out;
    }

    /**
     * @param shape dimensions
     * @return their product
     * @throws IllegalArgumentException when a dimension is negative or the product exceeds an int
     */
    static int sizeOf(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + shapeText(shape));
            }
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + shapeText(shape) + " is too large");
            }
        }
        return (int) n;
    }

    /**
     * @param shape dimensions
     * @return the shape as NumPy prints it
     */
    static String shapeText(int[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        return Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining(", ", "(", ")"));
    }

    /** Checks that a buffer's length matches its shape. */
    static void checkLength(int[] shape, int length) {
        if (sizeOf(shape) != length) {
            throw new IllegalArgumentException("buffer of " + length + " elements does not fit shape " + shapeText(shape));
        }
    }
}
