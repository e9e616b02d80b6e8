package scratchnet.core.array;

/**
 * A {@code float32} array in C order.
 *
 * @param shape dimensions, outermost first
 * @param data  the elements in C order
 */
public record F32Array(int[] shape, float[] data) implements NdArray {

    /** Checks that the buffer fits the shape. */
    public F32Array {
        NdArray.checkLength(shape, data.length);
    }

    @Override
    public String dtype() {
        return "<f4";
    }

    @Override
    public double get(int flatIndex) {
        return data[flatIndex];
    }
}
