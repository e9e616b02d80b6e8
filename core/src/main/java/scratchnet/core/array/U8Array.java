package scratchnet.core.array;

/**
 * A {@code uint8} array in C order; Java's signed bytes are read as 0–255.
 *
 * @param shape dimensions, outermost first
 * @param data  the elements in C order
 */
public record U8Array(int[] shape, byte[] data) implements NdArray {

    /** Checks that the buffer fits the shape. */
    public U8Array {
        NdArray.checkLength(shape, data.length);
    }

    @Override
    public String dtype() {
        return "|u1";
    }

    @Override
    public double get(int flatIndex) {
        return data[flatIndex] & 0xFF;
    }
}
