package scratchnet.core.io;

/**
 * Where each element of an array lies in a buffer that is not in C order. NumPy stores an array
 * either in C order, in Fortran order (the book's {@code W1}, {@code W2}, {@code W3}), or, in
 * protocol-5 pickles of other layouts, as a C-order buffer to be transposed by an axis order.
 * Both are one case: the buffer is a C-order array of some memory shape, and the array is its
 * transpose by some axes.
 */
final class AxisOrder {

    private AxisOrder() {
    }

    /**
     * @param shape the array's shape
     * @return for each C-order index of the array, the index of that element in a Fortran-order
     *         buffer
     */
    static int[] fortranSource(int[] shape) {
        int n = shape.length;
        int[] memoryShape = new int[n];
        int[] axes = new int[n];
        for (int k = 0; k < n; k++) {
            // A Fortran buffer is the C buffer of the reversed shape; the array reverses it back.
            memoryShape[k] = shape[n - 1 - k];
            axes[k] = n - 1 - k;
        }
        return transposeSource(memoryShape, axes);
    }

    /**
     * @param memoryShape the shape of the C-order buffer
     * @param axes        a permutation of {@code 0 … n-1}: axis {@code k} of the array is axis
     *                    {@code axes[k]} of the buffer, as in {@code np.transpose(buffer, axes)}
     * @return the array's shape
     */
    static int[] transposedShape(int[] memoryShape, int[] axes) {
        int[] shape = new int[axes.length];
        for (int k = 0; k < axes.length; k++) {
            shape[k] = memoryShape[axes[k]];
        }
        return shape;
    }

    /**
     * @param memoryShape the shape of the C-order buffer
     * @param axes        a permutation of {@code 0 … n-1}, as in {@code np.transpose(buffer, axes)}
     * @return for each C-order index of the transposed array, the index of that element in the
     *         buffer
     */
    static int[] transposeSource(int[] memoryShape, int[] axes) {
        int n = memoryShape.length;
        int[] memoryStride = new int[n];
        int stride = 1;
        for (int j = n - 1; j >= 0; j--) {
            memoryStride[j] = stride;
            stride *= memoryShape[j];
        }
        int[] shape = transposedShape(memoryShape, axes);
        int[] step = new int[n];
        for (int k = 0; k < n; k++) {
            step[k] = memoryStride[axes[k]];
        }
        int[] source = new int[stride];
        int[] index = new int[n];
        int at = 0;
        // An odometer over the array's C-order indices, keeping the buffer index in step.
        for (int c = 0; c < source.length; c++) {
            source[c] = at;
            for (int k = n - 1; k >= 0; k--) {
                index[k]++;
                at += step[k];
                if (index[k] < shape[k]) {
                    break;
                }
                at -= step[k] * shape[k];
                index[k] = 0;
            }
        }
        return source;
    }

    /** @return whether {@code axes} holds each of {@code 0 … n-1} exactly once */
    static boolean isPermutation(int[] axes) {
        boolean[] seen = new boolean[axes.length];
        for (int a : axes) {
            if (a < 0 || a >= axes.length || seen[a]) {
                return false;
            }
            seen[a] = true;
        }
        return true;
    }
}
