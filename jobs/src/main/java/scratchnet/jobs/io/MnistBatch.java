package scratchnet.jobs.io;

import java.io.Serializable;

/**
 * A run of consecutive MNIST records: first a descriptor (first index, count) that the driver
 * sends, then, once an executor has read its byte ranges, the images and labels themselves.
 *
 * @param first  index of the first record in the file
 * @param count  number of records
 * @param images {@code count × 784} pixels, or {@code null} while only a descriptor
 * @param labels {@code count} labels, or {@code null} while only a descriptor
 */
public record MnistBatch(int first, int count, byte[] images, byte[] labels) implements Serializable {

    /** @return a descriptor: what to read, without the data */
    public static MnistBatch descriptor(int first, int count) {
        return new MnistBatch(first, count, null, null);
    }

    /** @return whether the records are already here */
    public boolean isLoaded() {
        return images != null;
    }
}
