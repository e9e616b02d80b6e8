package scratchnet.core.data;

import java.io.Serializable;

import scratchnet.core.BadInputException;

/**
 * MNIST images as their nonzero pixels (compressed sparse rows) with their labels: about a fifth
 * of a digit's 784 pixels are not zero, so this form takes four bytes for each of those instead
 * of 784 bytes per image, and the training kernel skips the zeros without looking at them. What a
 * training executor caches. Each nonzero pixel is one {@code int}, {@code (pixel << 8) | value}:
 * the form the kernel's sparse rows take ({@code scratchnet.core.net.BatchGradient}), read with
 * no conversion.
 *
 * <p>Rows of any width come in the same form when their values are bytes ({@link #of(int, int, byte[], int[])},
 * a {@code binary} column of a table), and as dense float rows otherwise ({@link #ofDense}: features
 * of a table that are not bytes), which the kernel reads as it reads its hidden layers.
 */
public final class SparseImages implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int first;
    private final int width;
    private final int[] rowStart;
    private final int[] entries;
    private final int[] labels;
    /** {@code count × width} values, row-major, for rows that are not bytes; else {@code null}. */
    private final float[] dense;

    private SparseImages(int first, int width, int[] rowStart, int[] entries, int[] labels, float[] dense) {
        this.first = first;
        this.width = width;
        this.rowStart = rowStart;
        this.entries = entries;
        this.labels = labels;
        this.dense = dense;
    }

    /**
     * @param first  index of the first image in its file, for messages
     * @param images {@code labels.length × 784} pixels, row-major
     * @param labels one digit per image
     * @throws BadInputException when the lengths do not match
     */
    public static SparseImages of(int first, byte[] images, byte[] labels) {
        int[] wide = new int[labels.length];
        for (int i = 0; i < wide.length; i++) {
            wide[i] = labels[i];
        }
        return of(first, MnistSet.PIXELS, images, wide);
    }

    /**
     * @param first  index of the first row in its data set, for messages
     * @param width  values per row, less than 2^24
     * @param images {@code labels.length × width} bytes, row-major, each value {@code byte / 255}
     * @param labels one class per row
     * @throws BadInputException when the lengths do not match
     */
    public static SparseImages of(int first, int width, byte[] images, int[] labels) {
        int count = labels.length;
        if ((long) images.length != (long) count * width || width >= 1 << 24) {
            throw new BadInputException(images.length + " pixels are not " + count + " images of " + width);
        }
        int nonzero = 0;
        for (byte b : images) {
            nonzero += b != 0 ? 1 : 0;
        }
        int[] rowStart = new int[count + 1];
        int[] entries = new int[nonzero];
        int at = 0;
        for (int r = 0; r < count; r++) {
            rowStart[r] = at;
            int base = r * width;
            for (int k = 0; k < width; k++) {
                byte b = images[base + k];
                if (b != 0) {
                    entries[at++] = (k << 8) | (b & 0xFF);
                }
            }
        }
        rowStart[count] = at;
        return new SparseImages(first, width, rowStart, entries, labels.clone(), null);
    }

    /**
     * @param first  index of the first row in its data set, for messages
     * @param width  values per row
     * @param values {@code labels.length × width} values, row-major, taken as they are (not copied)
     * @param labels one class per row
     * @throws BadInputException when the lengths do not match
     */
    public static SparseImages ofDense(int first, int width, float[] values, int[] labels) {
        if ((long) values.length != (long) labels.length * width) {
            throw new BadInputException(values.length + " values are not " + labels.length + " rows of " + width);
        }
        return new SparseImages(first, width, new int[labels.length + 1], new int[0], labels.clone(), values);
    }

    /** @return values per row (784 for MNIST) */
    public int width() {
        return width;
    }

    /** @return the rows' values, {@code count() × width()} row-major, when they are not bytes, else {@code null}; the array itself: never change it */
    public float[] denseValues() {
        return dense;
    }

    /** @return index of the first image in its file */
    public int first() {
        return first;
    }

    /** @return the number of images */
    public int count() {
        return labels.length;
    }

    /** @return the label of image {@code r} (0-based within this set) */
    public int label(int r) {
        return labels[r];
    }

    /** @return where image {@code r}'s nonzero pixels start in {@link #entries()} */
    public int rowStart(int r) {
        return rowStart[r];
    }

    /** @return the pixel index ({@code 0 … width()-1}) of nonzero entry {@code i} */
    public int pixel(int i) {
        return entries[i] >>> 8;
    }

    /** @return the value (1–255) of nonzero entry {@code i} */
    public int value(int i) {
        return entries[i] & 0xFF;
    }

    /** @return where each image's nonzero pixels start, {@code count() + 1} entries; the array itself: never change it */
    public int[] rowStarts() {
        return rowStart;
    }

    /**
     * @return every nonzero pixel as {@code (pixel << 8) | value}, image after image, pixels in
     * ascending order; the array itself: never change it
     */
    public int[] entries() {
        return entries;
    }

    /** @return the bytes the arrays hold (what caching this set costs, without object headers) */
    public long bytes() {
        return 4L * rowStart.length + 4L * entries.length + 4L * labels.length + (dense == null ? 0 : 4L * dense.length);
    }

    /**
     * Images {@code from … from+n-1} as the book's {@code load_mnist(normalize=True)} has them:
     * {@code n × 784} floats in [0, 1], {@code value / 255} (the values of
     * {@link MnistSet#normalize}), at the start of {@code into}; dense rows as they are.
     */
    public void normalize(int from, int n, float[] into) {
        if (dense != null) {
            System.arraycopy(dense, from * width, into, 0, n * width);
            return;
        }
        java.util.Arrays.fill(into, 0, n * width, 0f);
        for (int r = 0; r < n; r++) {
            int at = r * width;
            for (int i = rowStart[from + r], end = rowStart[from + r + 1]; i < end; i++) {
                into[at + (entries[i] >>> 8)] = (entries[i] & 0xFF) / 255f;
            }
        }
    }

    /** @return image {@code r} as its bytes, row-major (zeros filled in); rows of bytes only */
    public byte[] dense(int r) {
        byte[] out = new byte[width];
        for (int i = rowStart[r]; i < rowStart[r + 1]; i++) {
            out[entries[i] >>> 8] = (byte) entries[i];
        }
        return out;
    }
}
