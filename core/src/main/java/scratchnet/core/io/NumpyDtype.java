package scratchnet.core.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import scratchnet.core.BadInputException;
import scratchnet.core.array.F32Array;
import scratchnet.core.array.F64Array;
import scratchnet.core.array.NdArray;
import scratchnet.core.array.U8Array;

/**
 * The NumPy dtypes the weights files may hold, by their descriptor as {@code .npy} headers and
 * pickles spell them. Only little-endian floats and bytes: what NumPy writes on every machine we
 * run on, and exactly the kinds of {@link NdArray}.
 */
enum NumpyDtype {
    /** {@code float32}. */
    F4("<f4", 4),
    /** {@code float64}. */
    F8("<f8", 8),
    /** {@code uint8}; the byte order of a single byte is {@code |}, "not applicable". */
    U1("|u1", 1);

    /** The descriptor, e.g. {@code <f4}. */
    final String descr;
    /** Bytes per element. */
    final int itemSize;

    NumpyDtype(String descr, int itemSize) {
        this.descr = descr;
        this.itemSize = itemSize;
    }

    /**
     * @param descr a NumPy dtype descriptor
     * @param where the file and key, for the message
     * @return the dtype
     * @throws BadInputException for any other descriptor, saying why when it can
     */
    static NumpyDtype parse(String descr, String where) {
        for (NumpyDtype d : values()) {
            if (d.descr.equals(descr)) {
                return d;
            }
        }
        String why = descr.contains("O") ? "object arrays are refused: reading them would run pickle"
                : descr.startsWith(">") ? "big-endian"
                : "not a weights dtype";
        throw new BadInputException(where + ": unsupported dtype " + Printable.of(descr) + " (" + why + "; supported: <f4, <f8, |u1)");
    }

    /** @return the dtype of an array */
    static NumpyDtype of(NdArray array) {
        if (array instanceof F32Array) {
            return F4;
        }
        if (array instanceof F64Array) {
            return F8;
        }
        if (array instanceof U8Array) {
            return U1;
        }
        throw new IllegalArgumentException("no NumPy dtype for " + array.getClass().getName());
    }

    /**
     * Decodes little-endian elements into a C-order array.
     *
     * @param shape  the array's shape
     * @param data   the elements, starting at {@code offset}
     * @param offset where the first element starts
     * @param source for each C-order index, the element's index in {@code data}; {@code null}
     *               when {@code data} is already in C order
     */
    NdArray decode(int[] shape, byte[] data, int offset, int[] source) {
        ByteBuffer in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        int n = NdArray.sizeOf(shape);
        return switch (this) {
            case F4 -> {
                float[] out = new float[n];
                for (int c = 0; c < n; c++) {
                    out[c] = in.getFloat(offset + 4 * (source == null ? c : source[c]));
                }
                yield new F32Array(shape, out);
            }
            case F8 -> {
                double[] out = new double[n];
                for (int c = 0; c < n; c++) {
                    out[c] = in.getDouble(offset + 8 * (source == null ? c : source[c]));
                }
                yield new F64Array(shape, out);
            }
            case U1 -> {
                byte[] out = new byte[n];
                for (int c = 0; c < n; c++) {
                    out[c] = data[offset + (source == null ? c : source[c])];
                }
                yield new U8Array(shape, out);
            }
        };
    }

    /** @return the array's elements, little-endian, in C order */
    static byte[] encode(NdArray array) {
        NumpyDtype dtype = of(array);
        ByteBuffer out = ByteBuffer.allocate(array.size() * dtype.itemSize).order(ByteOrder.LITTLE_ENDIAN);
        if (array instanceof F32Array a) {
            out.asFloatBuffer().put(a.data());
        } else if (array instanceof F64Array a) {
            out.asDoubleBuffer().put(a.data());
        } else if (array instanceof U8Array a) {
            out.put(a.data());
        }
        return out.array();
    }
}
