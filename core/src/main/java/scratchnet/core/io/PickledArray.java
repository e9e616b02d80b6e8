package scratchnet.core.io;

import scratchnet.core.BadInputException;
import scratchnet.core.array.NdArray;

/**
 * A {@code numpy.ndarray} as a pickle builds it, decoded once its key is known so that every
 * message names it. NumPy writes an array in one of two ways:
 * <ul>
 * <li>{@code _reconstruct(ndarray, (0,), b'b')}, then BUILD with the state
 *     {@code (1, shape, dtype, is_fortran, data)} (protocols 2–4, and 5 for odd layouts);</li>
 * <li>{@code _frombuffer(data, dtype, shape, order[, axis_order])} (protocol 5), where order is
 *     {@code 'C'}, {@code 'F'}, or {@code 'K'} with the axis order that makes the data C order.</li>
 * </ul>
 */
final class PickledArray {
    private final Object[] fromBufferArgs;
    private Object state;

    /** An array from {@code _reconstruct}, waiting for its state. */
    PickledArray() {
        this.fromBufferArgs = null;
    }

    /** @param fromBufferArgs the arguments of {@code _frombuffer} */
    PickledArray(Object[] fromBufferArgs) {
        this.fromBufferArgs = fromBufferArgs.clone();
    }

    /** What BUILD does: keeps the state, read when the array is decoded. */
    void setState(Object state) {
        this.state = state;
    }

    /**
     * @param where the file and key, for messages
     * @return the array in C order
     * @throws BadInputException naming the key when the array is malformed or unsupported
     */
    NdArray toNdArray(String where) {
        return fromBufferArgs != null ? fromBuffer(where) : fromState(where);
    }

    private NdArray fromState(String where) {
        // (version, shape, dtype, is_fortran, data); very old pickles leave out the version.
        if (!(state instanceof Object[] s) || (s.length != 5 && s.length != 4)) {
            throw new BadInputException(where + ": ndarray state is " + describe(state)
                    + ", expected (version, shape, dtype, is_fortran, data)");
        }
        int at = s.length - 4;
        NumpyDtype dtype = dtypeOf(s[at + 1], where);
        int[] shape = shapeOf(s[at], where);
        if (!(s[at + 2] instanceof Boolean fortran)) {
            throw new BadInputException(where + ": ndarray is_fortran is " + PickleValues.typeName(s[at + 2]) + ", expected bool");
        }
        byte[] data = dataOf(s[at + 3], dtype, shape, where);
        return dtype.decode(shape, data, 0, fortran ? AxisOrder.fortranSource(shape) : null);
    }

    private NdArray fromBuffer(String where) {
        Object[] args = fromBufferArgs;
        NumpyDtype dtype = dtypeOf(args[1], where);
        int[] shape = shapeOf(args[2], where);
        byte[] data = dataOf(args[0], dtype, shape, where);
        Object order = args[3];
        Object axisOrder = args.length == 5 ? args[4] : null;
        if ("C".equals(order) && axisOrder == null) {
            return dtype.decode(shape, data, 0, null);
        }
        if ("F".equals(order) && axisOrder == null) {
            return dtype.decode(shape, data, 0, AxisOrder.fortranSource(shape));
        }
        int[] axes = PickleValues.intTuple(axisOrder);
        if ("K".equals(order) && axes != null && axes.length == shape.length && AxisOrder.isPermutation(axes)) {
            return dtype.decode(AxisOrder.transposedShape(shape, axes), data, 0, AxisOrder.transposeSource(shape, axes));
        }
        throw new BadInputException(where + ": _frombuffer with order " + order + " and axis order " + describe(axisOrder)
                + " is not a layout NumPy writes");
    }

    private static NumpyDtype dtypeOf(Object dtype, String where) {
        if (!(dtype instanceof PickledDtype d)) {
            throw new BadInputException(where + ": ndarray dtype is " + PickleValues.typeName(dtype) + ", expected numpy.dtype");
        }
        return d.resolve(where);
    }

    private static int[] shapeOf(Object shape, String where) {
        int[] dims = PickleValues.intTuple(shape);
        if (dims == null) {
            throw new BadInputException(where + ": ndarray shape is " + describe(shape) + ", expected a tuple of non-negative ints");
        }
        try {
            NdArray.sizeOf(dims);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(where + ": " + e.getMessage(), e);
        }
        return dims;
    }

    /** Checks the data before anything is allocated for a shape it may not fill. */
    private static byte[] dataOf(Object data, NumpyDtype dtype, int[] shape, String where) {
        if (!(data instanceof byte[] bytes)) {
            throw new BadInputException(where + ": ndarray data is " + PickleValues.typeName(data) + ", expected bytes");
        }
        long expected = (long) NdArray.sizeOf(shape) * dtype.itemSize;
        if (bytes.length != expected) {
            throw new BadInputException(where + ": data has " + bytes.length + " bytes, but shape " + NdArray.shapeText(shape)
                    + " of " + dtype.descr + " needs " + expected);
        }
        return bytes;
    }

    private static String describe(Object value) {
        return value instanceof Object[] items ? "a tuple " + PickleValues.typesOf(items) : PickleValues.typeName(value);
    }
}
