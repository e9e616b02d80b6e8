package scratchnet.core.array;

/**
 * {@code np.nditer(x, flags=['multi_index'])} for a C-order array: visits every element once, in
 * memory order, and tells its multi-index ({@code (0, 0)}, {@code (0, 1)}, …) and flat index.
 * Used as the book uses it: {@code while not it.finished: … it.iternext()}.
 */
public final class NdIter {
    private final int[] shape;
    private final int[] index;
    private final int size;
    private int flat;

    /** @param shape the shape to walk; an empty array (a dimension of 0) is finished at once */
    public NdIter(int[] shape) {
        this.shape = shape.clone();
        this.index = new int[shape.length];
        this.size = NdArray.sizeOf(shape);
    }

    /** @return whether every element has been visited ({@code it.finished}) */
    public boolean finished() {
        return flat >= size;
    }

    /** @return the current multi-index ({@code it.multi_index}), a copy */
    public int[] multiIndex() {
        return index.clone();
    }

    /** @return the current position in the flat C-order buffer */
    public int flatIndex() {
        return flat;
    }

    /** Moves to the next element ({@code it.iternext()}): the last axis fastest. */
    public void iternext() {
        flat++;
        for (int axis = shape.length - 1; axis >= 0; axis--) {
            if (++index[axis] < shape[axis]) {
                return;
            }
            index[axis] = 0;
        }
    }
}
