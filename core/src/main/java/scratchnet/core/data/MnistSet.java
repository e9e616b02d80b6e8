package scratchnet.core.data;

import scratchnet.core.BadInputException;
import scratchnet.core.Simd;

/**
 * One split of MNIST in memory as the files hold it: {@code count} images of 784 unsigned bytes
 * and as many labels.
 *
 * @param images row-major pixels, {@code count × 784}
 * @param labels one digit per image
 */
public record MnistSet(byte[] images, byte[] labels) {

    /** Pixels per image. */
    public static final int PIXELS = IdxHeader.SIDE * IdxHeader.SIDE;

    /** Checks that there is one label per image. */
    public MnistSet {
        if (images.length != labels.length * PIXELS) {
            throw new IllegalArgumentException(images.length / PIXELS + " images but " + labels.length + " labels");
        }
    }

    /**
     * Reads and cross-checks an images file and its labels file.
     *
     * @throws BadInputException when either is malformed or their counts differ
     */
    public static MnistSet read(IdxReader.IdxContent images, String imagesSource, IdxReader.IdxContent labels, String labelsSource) {
        if (images.header().count() != labels.header().count()) {
            throw new BadInputException(imagesSource + " holds " + images.header().count() + " images but "
                    + labelsSource + " holds " + labels.header().count() + " labels");
        }
        return new MnistSet(images.body(), labels.body());
    }

    /** @return the number of images */
    public int count() {
        return labels.length;
    }

    /** @return the label of image {@code i} */
    public int label(int i) {
        return labels[i];
    }

    /** @return the 784 pixels of image {@code i}, 0–255 */
    public int[] pixels(int i) {
        int[] out = new int[PIXELS];
        for (int p = 0; p < PIXELS; p++) {
            out[p] = images[i * PIXELS + p] & 0xFF;
        }
        return out;
    }

    /** @return all images as float32 in [0, 1], {@code x / 255} as {@code load_mnist(normalize=True)} */
    public float[] normalizedImages() {
        return normalize(images, 0, images.length);
    }

    /**
     * Normalises pixels as the book does: {@code x.astype(float32) / 255.0}, correctly rounded.
     *
     * @return {@code bytes[from, to)} as floats in [0, 1]
     */
    public static float[] normalize(byte[] bytes, int from, int to) {
        float[] out = new float[to - from];
        normalize(bytes, from, to, out);
        return out;
    }

    /**
     * {@link #normalize(byte[], int, int)} into a buffer the caller reuses, on SIMD registers where
     * the Vector API runs ({@link Simd}; a division per pixel, one at a time, was 40% of an
     * evaluation's time): the same values.
     *
     * @param into receives {@code bytes[from, to)} as floats at its start
     */
    public static void normalize(byte[] bytes, int from, int to, float[] into) {
        if (Simd.ENABLED) {
            SimdPixels.normalize(bytes, from, to, into);
            return;
        }
        for (int i = from; i < to; i++) {
            into[i - from] = (bytes[i] & 0xFF) / 255f;
        }
    }
}
