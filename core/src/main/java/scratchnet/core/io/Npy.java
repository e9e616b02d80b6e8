package scratchnet.core.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import scratchnet.core.BadInputException;
import scratchnet.core.array.NdArray;

/**
 * One array in NumPy's {@code .npy} format: the magic {@code \x93NUMPY}, a version, the header
 * length, a header (a Python dict literal) padded to 64 bytes, then the raw elements. Reads versions 1.0, 2.0
 * and 3.0 in C or Fortran order; writes version 1.0 in C order, byte for byte as {@code np.save}.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** Where the header length starts: after the magic and the two version bytes. */
    private static final int LENGTH_AT = MAGIC.length + 2;
    /** NumPy aligns the data so that it can be memory-mapped. */
    private static final int ALIGN = 64;
    /** {@code np.load}'s limit; a longer header is refused as unsafe to parse. */
    private static final int MAX_HEADER_LENGTH = 10_000;

    private Npy() {
    }

    /**
     * @param npy   the whole {@code .npy} content
     * @param where the file and key, for messages
     * @return the array in C order
     * @throws BadInputException when the magic, version or header is malformed, the dtype is not
     *                           {@code <f4}, {@code <f8} or {@code |u1}, or the data length does
     *                           not match the shape
     */
    public static NdArray read(byte[] npy, String where) {
        if (npy.length < LENGTH_AT || !ByteBuffer.wrap(npy, 0, MAGIC.length).equals(ByteBuffer.wrap(MAGIC))) {
            throw new BadInputException(where + ": not a .npy array (no \\x93NUMPY magic)");
        }
        int major = npy[6];
        int minor = npy[7];
        if (major < 1 || major > 3 || minor != 0) {
            throw new BadInputException(where + ": unsupported .npy format version " + major + "." + minor + " (supported: 1.0, 2.0, 3.0)");
        }
        int lengthBytes = major == 1 ? 2 : 4;
        if (npy.length < LENGTH_AT + lengthBytes) {
            throw new BadInputException(where + ": truncated .npy header length at offset " + LENGTH_AT);
        }
        ByteBuffer in = ByteBuffer.wrap(npy).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = major == 1 ? in.getShort(LENGTH_AT) & 0xFFFF : in.getInt(LENGTH_AT) & 0xFFFF_FFFFL;
        if (headerLength > MAX_HEADER_LENGTH) {
            throw new BadInputException(where + ": .npy header of " + headerLength + " bytes is longer than " + MAX_HEADER_LENGTH);
        }
        int headerAt = LENGTH_AT + lengthBytes;
        int dataAt = headerAt + (int) headerLength;
        if (dataAt > npy.length) {
            throw new BadInputException(where + ": truncated .npy header: " + headerLength + " bytes announced at offset " + LENGTH_AT
                    + ", " + (npy.length - headerAt) + " present");
        }
        String text = new String(npy, headerAt, (int) headerLength, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        NpyHeader header = NpyHeader.parse(text, where);
        NumpyDtype dtype = NumpyDtype.parse(header.descr(), where);
        int[] shape = header.shape();
        long expected = (long) NdArray.sizeOf(shape) * dtype.itemSize;
        long actual = npy.length - (long) dataAt;
        if (actual != expected) {
            throw new BadInputException(where + ": data has " + actual + " bytes, but shape " + NdArray.shapeText(shape)
                    + " of " + dtype.descr + " needs " + expected);
        }
        return dtype.decode(shape, npy, dataAt, header.fortranOrder() ? AxisOrder.fortranSource(shape) : null);
    }

    /**
     * Encodes an array as {@code np.save} would: format 1.0, C order, its own dtype.
     *
     * @param array the array
     * @return the whole {@code .npy} content
     */
    public static byte[] toBytes(NdArray array) {
        byte[] header = header(array);
        byte[] data = NumpyDtype.encode(array);
        byte[] out = Arrays.copyOf(header, header.length + data.length);
        System.arraycopy(data, 0, out, header.length, data.length);
        return out;
    }

    private static byte[] header(NdArray array) {
        byte[] text = new NpyHeader(NumpyDtype.of(array).descr, false, array.shape()).format().getBytes(StandardCharsets.ISO_8859_1);
        int unpadded = LENGTH_AT + 2 + text.length + 1;
        // Like NumPy: pad with spaces to the next multiple of 64, a whole block when already aligned.
        int padding = ALIGN - unpadded % ALIGN;
        int headerLength = text.length + padding + 1;
        if (headerLength > 0xFFFF) {
            throw new IllegalArgumentException("shape " + array.shapeText() + " needs a header too long for .npy format 1.0");
        }
        ByteBuffer out = ByteBuffer.allocate(LENGTH_AT + 2 + headerLength).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) headerLength).put(text);
        out.put(" ".repeat(padding).getBytes(StandardCharsets.ISO_8859_1)).put((byte) '\n');
        return out.array();
    }
}
