package scratchnet.jobs.io;

import scratchnet.core.data.MnistSet;

/**
 * A partition's range of records ({@link ImageRanges}) as a task walks it, batch by batch: from
 * raw files it is read in chunks of whole batches (about {@value #CHUNK_BYTES} bytes of pixels,
 * two positioned reads each) into buffers reused for the whole range, so that a batch costs
 * neither a read nor an allocation of its own; a loaded range (a decompressed file) is walked in
 * its own arrays.
 */
public final class RangeBatches {
    /** Pixel bytes read at once: large enough that a read's fixed cost vanishes, small enough for the caches. */
    static final int CHUNK_BYTES = 4 << 20;

    /** Receives one batch: records {@code [offset, offset + count)} of the arrays are images {@code first …}. */
    @FunctionalInterface
    public interface Consumer {
        /**
         * @param first  index of the batch's first record in the data set
         * @param count  records in the batch
         * @param pixels the chunk's pixels; the batch's start at {@code offset × 784}
         * @param labels the chunk's labels; the batch's start at {@code offset}
         * @param offset index of the batch's first record in the arrays
         */
        void batch(int first, int count, byte[] pixels, byte[] labels, int offset);
    }

    private RangeBatches() {
    }

    /**
     * Walks a range in batches of {@code batchSize} records (the last may be shorter).
     *
     * @param range     the partition's records: a descriptor, or loaded
     * @param batchSize records per batch
     * @param reader    reads a descriptor's records; unused for a loaded range
     * @param consumer  receives the batches in order
     */
    public static void forEach(MnistBatch range, int batchSize, BatchReader reader, Consumer consumer) {
        if (range.isLoaded()) {
            walk(range.first(), range.count(), batchSize, range.images(), range.labels(), consumer);
            return;
        }
        int chunk = chunkRecords(batchSize, range.count());
        byte[] pixels = new byte[Math.multiplyExact(chunk, MnistSet.PIXELS)];
        byte[] labels = new byte[chunk];
        for (long done = 0; done < range.count(); done += chunk) {
            int first = (int) (range.first() + done);
            int n = (int) Math.min(chunk, range.count() - done);
            reader.read(first, n, pixels, labels);
            walk(first, n, batchSize, pixels, labels, consumer);
        }
    }

    /** @return records per chunk: whole batches of about {@link #CHUNK_BYTES} pixels, at least one batch, at most the range */
    static int chunkRecords(int batchSize, int rangeCount) {
        long batches = Math.max(1, CHUNK_BYTES / ((long) batchSize * MnistSet.PIXELS));
        return (int) Math.min(batches * batchSize, rangeCount);
    }

    private static void walk(int first, int count, int batchSize, byte[] pixels, byte[] labels, Consumer consumer) {
        for (long offset = 0; offset < count; offset += batchSize) {
            consumer.batch((int) (first + offset), (int) Math.min(batchSize, count - offset), pixels, labels, (int) offset);
        }
    }
}
