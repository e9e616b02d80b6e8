package scratchnet.core.data;

import java.nio.ByteBuffer;

import scratchnet.core.BadInputException;

/**
 * The header of an MNIST IDX file, checked: magic 2051 with 28×28 images (16 bytes), or magic 2049
 * for labels (8 bytes). All numbers are big-endian.
 *
 * @param kind  images or labels
 * @param count number of records the header announces
 * @param rows  image rows (1 for labels)
 * @param cols  image columns (1 for labels)
 */
public record IdxHeader(Kind kind, int count, int rows, int cols) {

    /** Image side length the network expects. */
    public static final int SIDE = 28;

    /** What an IDX file holds. */
    public enum Kind {
        /** {@code idx3-ubyte}: unsigned-byte images, 16-byte header. */
        IMAGES(2051, 16),
        /** {@code idx1-ubyte}: unsigned-byte labels, 8-byte header. */
        LABELS(2049, 8);

        /** The magic number in the first four bytes. */
        public final int magic;
        /** Header length in bytes. */
        public final int headerBytes;

        Kind(int magic, int headerBytes) {
            this.magic = magic;
            this.headerBytes = headerBytes;
        }

        /** @return the byte offset of record {@code index} in a file of records of {@code recordBytes} bytes each */
        public long offsetOf(long index, int recordBytes) {
            return headerBytes + index * recordBytes;
        }
    }

    /**
     * Parses and checks a header.
     *
     * @param head     at least {@code expected.headerBytes} bytes from the start of the file
     * @param length   how many bytes were available ({@code head.length} may be larger)
     * @param expected the kind the caller needs
     * @param source   the file, for error messages
     * @return the header
     * @throws BadInputException on a short file, a wrong magic or a wrong image size
     */
    public static IdxHeader parse(byte[] head, int length, Kind expected, String source) {
        if (length < expected.headerBytes) {
            throw new BadInputException(source + ": truncated IDX header: " + length + " bytes, expected " + expected.headerBytes);
        }
        ByteBuffer buf = ByteBuffer.wrap(head, 0, expected.headerBytes);
        int magic = buf.getInt();
        if (magic != expected.magic) {
            throw new BadInputException(source + ": wrong IDX magic " + magic + " at offset 0, expected " + expected.magic
                    + " (" + expected.name().toLowerCase() + ")");
        }
        int count = buf.getInt();
        if (count < 0) {
            throw new BadInputException(source + ": negative record count " + count + " at offset 4");
        }
        if (expected == Kind.LABELS) {
            return new IdxHeader(expected, count, 1, 1);
        }
        int rows = buf.getInt();
        int cols = buf.getInt();
        if (rows != SIDE || cols != SIDE) {
            throw new BadInputException(source + ": images are " + rows + "x" + cols + " (offset 8), expected " + SIDE + "x" + SIDE);
        }
        return new IdxHeader(expected, count, rows, cols);
    }

    /** @return bytes per record: 784 for an image, 1 for a label */
    public int recordBytes() {
        return rows * cols;
    }

    /** @return the header length in bytes */
    public int headerBytes() {
        return kind.headerBytes;
    }

    /** @return the exact file length this header implies */
    public long expectedLength() {
        return kind.offsetOf(count, recordBytes());
    }

    /**
     * Checks the file length against the header, before anything is allocated for the body.
     *
     * @throws BadInputException when the file is shorter (truncated) or longer than announced
     */
    public void checkLength(long actual, String source) {
        long expected = expectedLength();
        if (actual < expected) {
            throw new BadInputException(source + ": truncated: header announces " + count + " " + kind.name().toLowerCase()
                    + " (" + expected + " bytes) but the file has " + actual + " bytes");
        }
        if (actual > expected) {
            throw new BadInputException(source + ": " + (actual - expected) + " unexpected bytes after the last record at offset " + expected);
        }
    }
}
