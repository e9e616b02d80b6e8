package scratchnet.jobs.io;

/**
 * A data set of {@code count} images cut into partitions of whole batches: batch {@code b} holds
 * images {@code [b·batchSize, min((b+1)·batchSize, count))}, and partition {@code p} of {@code P}
 * holds batches {@code [⌊p·B/P⌋, ⌊(p+1)·B/P⌋)} of the {@code B} batches, as Spark's
 * {@code parallelize} slices a list of them. Each partition is one range (first image, count);
 * there are never more partitions than batches, so none is empty. Computed, not listed: nothing
 * here grows with the number of images.
 */
public final class ImageRanges {
    private final int count;
    private final int batchSize;
    private final long batches;
    private final int partitions;

    /**
     * @param count      images in the data set, at least 1
     * @param batchSize  images per batch, at least 1
     * @param partitions partitions wanted, at least 1; fewer when there are fewer batches
     */
    public ImageRanges(int count, int batchSize, int partitions) {
        if (count < 1 || batchSize < 1 || partitions < 1) {
            throw new IllegalArgumentException("count " + count + ", batch size " + batchSize + ", partitions " + partitions + ": each must be positive");
        }
        this.count = count;
        this.batchSize = batchSize;
        this.batches = (count + (long) batchSize - 1) / batchSize;
        this.partitions = (int) Math.min(partitions, batches);
    }

    /** @return the number of batches */
    public long batches() {
        return batches;
    }

    /** @return the number of partitions (ranges) */
    public int size() {
        return partitions;
    }

    /** @return index of partition {@code p}'s first image */
    public int first(int p) {
        return imageOfBatch(firstBatch(p));
    }

    /** @return the number of images in partition {@code p} */
    public int count(int p) {
        return imageOfBatch(firstBatch(p + 1)) - first(p);
    }

    private long firstBatch(int p) {
        return batches * p / partitions;
    }

    private int imageOfBatch(long b) {
        return (int) Math.min(b * batchSize, count);
    }
}
