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

    /** @return a 1-D array holding the values, as {@code np.array([…])} (copied) */
    public static F64Array vector(double... values) {
        return new F64Array(new int[] {values.length}, values.clone());
    }

    /**
     * @param rows equally long rows, as {@code np.array([[…], […]])}
     * @return a {@code rows.length × rows[0].length} matrix holding a copy of the values
     * @throws IllegalArgumentException when the rows differ in length or there are none
     */
    public static F64Array matrix(double[][] rows) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("a matrix needs at least one row");
        }
        int cols = rows[0].length;
        double[] data = new double[rows.length * cols];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != cols) {
                throw new IllegalArgumentException("row " + r + " has " + rows[r].length + " values, row 0 has " + cols);
            }
            System.arraycopy(rows[r], 0, data, r * cols, cols);
        }
        return new F64Array(new int[] {rows.length, cols}, data);
    }

    /** @return an independent copy, as {@code x.copy()} */
    public F64Array copy() {
        return new F64Array(shape.clone(), data.clone());
    }
}
