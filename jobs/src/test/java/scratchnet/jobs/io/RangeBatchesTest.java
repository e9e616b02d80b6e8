package scratchnet.jobs.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import scratchnet.core.BadInputException;
import scratchnet.core.TestData;
import scratchnet.core.data.MnistSet;

/** A task's walk over its range: chunks of whole batches, the file's bytes at every offset, also past 2 GiB. */
class RangeBatchesTest {
    private static final Configuration CONF = new Configuration();

    /** One batch as the consumer saw it, its pixels and labels copied out of the reused buffers. */
    private record Seen(int first, int count, byte[] pixels, byte[] labels) {
    }

    private static List<Seen> walk(MnistBatch range, int batchSize, BatchReader reader) {
        List<Seen> seen = new ArrayList<>();
        RangeBatches.forEach(range, batchSize, reader, (first, n, pixels, labels, offset) -> seen.add(new Seen(first, n,
                Arrays.copyOfRange(pixels, offset * MnistSet.PIXELS, (offset + n) * MnistSet.PIXELS),
                Arrays.copyOfRange(labels, offset, offset + n))));
        return seen;
    }

    @Test
    void chunksAreWholeBatchesOfAboutFourMebibytes() {
        assertEquals(5300, RangeBatches.chunkRecords(100, 1_000_000));
        assertEquals(250, RangeBatches.chunkRecords(100, 250), "never more than the range");
        assertEquals(1_000_000, RangeBatches.chunkRecords(1_000_000, 2_000_000), "at least one batch");
        assertEquals(5349, RangeBatches.chunkRecords(1, 1_000_000));
    }

    @Test
    void aRangeOfARawFileIsReadBatchByBatchAcrossChunks() throws IOException {
        Path images = TestData.mnistDir().resolve("t10k-images-idx3-ubyte");
        Path labels = TestData.mnistDir().resolve("t10k-labels-idx1-ubyte");
        byte[] allImages = Files.readAllBytes(images);
        byte[] allLabels = Files.readAllBytes(labels);
        // 7,100 images from 1,200: two chunks (5,300 and 1,800 images), the last batch of 37 images short
        int first = 1200;
        int count = 7100;
        List<Seen> seen;
        try (BatchReader reader = new BatchReader(images.toString(), labels.toString(), CONF)) {
            seen = walk(MnistBatch.descriptor(first, count), 100, reader);
        }
        assertEquals(71, seen.size());
        int next = first;
        for (Seen b : seen) {
            assertEquals(next, b.first());
            assertEquals(100, b.count());
            assertArrayEquals(Arrays.copyOfRange(allImages, 16 + next * MnistSet.PIXELS, 16 + (next + 100) * MnistSet.PIXELS), b.pixels());
            assertArrayEquals(Arrays.copyOfRange(allLabels, 8 + next, 8 + next + 100), b.labels());
            next += 100;
        }
    }

    @Test
    void aLoadedRangeIsWalkedInItsOwnArrays() {
        byte[] pixels = new byte[250 * MnistSet.PIXELS];
        byte[] labels = new byte[250];
        for (int i = 0; i < 250; i++) {
            pixels[i * MnistSet.PIXELS] = (byte) i;
            labels[i] = (byte) (i % 10);
        }
        List<Seen> seen = walk(new MnistBatch(500, 250, pixels, labels), 100, null);
        assertEquals(List.of(500, 600, 700), seen.stream().map(Seen::first).toList());
        assertEquals(List.of(100, 100, 50), seen.stream().map(Seen::count).toList());
        assertEquals((byte) 200, seen.get(2).pixels()[0]);
        assertEquals(0, seen.get(2).labels()[0]);
    }

    /**
     * Ten million images, 7.8 GB, as a sparse file (a few blocks on disk): records past 2 GiB and
     * past 4 GiB are read from the offsets {@code 16 + index × 784} computed in long.
     */
    @Test
    void recordsPastTwoAndFourGibibytesAreReadAtTheirOffsets(@TempDir Path dir) throws IOException {
        int count = 10_000_000;
        Path images = dir.resolve("t10k-images-idx3-ubyte");
        Path labels = dir.resolve("t10k-labels-idx1-ubyte");
        int[] marked = {2_740_000, 5_478_500, count - 3};   // 2.148 GB, 4.295 GB, the very end
        try (RandomAccessFile img = new RandomAccessFile(images.toFile(), "rw"); RandomAccessFile lab = new RandomAccessFile(labels.toFile(), "rw")) {
            img.write(ByteBuffer.allocate(16).putInt(0x803).putInt(count).putInt(28).putInt(28).array());
            lab.write(ByteBuffer.allocate(8).putInt(0x801).putInt(count).array());
            img.setLength(16 + (long) count * MnistSet.PIXELS);
            lab.setLength(8 + (long) count);
            for (int m : marked) {
                img.seek(16 + (long) m * MnistSet.PIXELS);
                img.write(image(m));
                lab.seek(8 + (long) m);
                lab.write(m % 10);
            }
        }
        assertTrue(16 + (long) marked[0] * MnistSet.PIXELS > Integer.MAX_VALUE);
        MnistSource source = MnistSource.open(dir.toString(), false, CONF);
        assertEquals(count, source.count());
        try (BatchReader reader = new BatchReader(source.imagesUri(), source.labelsUri(), CONF)) {
            for (int m : marked) {
                List<Seen> seen = walk(MnistBatch.descriptor(m - 1, 3), 3, reader);
                assertEquals(1, seen.size());
                assertArrayEquals(new byte[MnistSet.PIXELS], Arrays.copyOfRange(seen.get(0).pixels(), 0, MnistSet.PIXELS), "image " + (m - 1) + " is blank");
                assertArrayEquals(image(m), Arrays.copyOfRange(seen.get(0).pixels(), MnistSet.PIXELS, 2 * MnistSet.PIXELS), "image " + m);
                assertEquals(m % 10, seen.get(0).labels()[1]);
            }
        }
        ImageRanges ranges = new ImageRanges(count, 100, 3);
        assertEquals(count, ranges.first(2) + ranges.count(2));
        MnistBatch last = source.readEach(new int[] {count - 3}, CONF).get(0);
        assertArrayEquals(image(count - 3), last.images(), "the driver's reader too");
        assertEquals((count - 3) % 10, last.labels()[0]);
    }

    @Test
    void aRangeBeyondTheFileIsOneClearError() throws IOException {
        Path images = TestData.mnistDir().resolve("t10k-images-idx3-ubyte");
        Path labels = TestData.mnistDir().resolve("t10k-labels-idx1-ubyte");
        try (BatchReader reader = new BatchReader(images.toString(), labels.toString(), CONF)) {
            BadInputException e = assertThrows(BadInputException.class, () -> walk(MnistBatch.descriptor(9_950, 100), 100, reader));
            assertTrue(e.getMessage().contains("at offset " + (16 + 9_950L * MnistSet.PIXELS)), e.getMessage());
        }
    }

    /** A recognisable image: the index's four bytes, then a ramp. */
    private static byte[] image(int index) {
        byte[] out = new byte[MnistSet.PIXELS];
        ByteBuffer.wrap(out).putInt(index);
        for (int i = 4; i < out.length; i++) {
            out[i] = (byte) i;
        }
        return out;
    }
}
