package scratchnet.core.array;

/**
 * A {@code float64} array in C order.
 *
 * @param shape dimensions, outermost first
 * @param data  the elements in C order
 */
public record F64Array(int[] shape, double[] data) implements NdArray {

    /** Checks that the buffer fits the shape. */
    public F64Array {
        NdArray.checkLength(shape, data.length);
    }

    @Override
    public String dtype() {
        return "<f8";
    }

    @Override
    public double get(int flatIndex) {
        return data[flatIndex];
    }
}
