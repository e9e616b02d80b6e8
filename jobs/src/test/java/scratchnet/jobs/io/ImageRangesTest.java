package scratchnet.jobs.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Partitions as ranges of whole batches: every image exactly once, in order, none empty. */
class ImageRangesTest {

    @ParameterizedTest(name = "{0} images, batch {1}, {2} partitions")
    @CsvSource({"10000, 100, 2", "10000, 100, 7", "10001, 100, 3", "5, 100, 8", "5, 1, 8", "1, 1, 1", "250, 37, 4",
            "2147483647, 1000000, 3", "2147483647, 1, 100000", "10000000, 100, 16"})
    void everyImageIsInExactlyOnePartitionOfWholeBatches(int count, int batchSize, int partitions) {
        ImageRanges ranges = new ImageRanges(count, batchSize, partitions);
        long batches = (count + (long) batchSize - 1) / batchSize;
        assertEquals(batches, ranges.batches());
        assertEquals(Math.min(partitions, batches), ranges.size());
        long next = 0;
        for (int p = 0; p < ranges.size(); p++) {
            assertEquals(next, ranges.first(p), "partition " + p + " starts where the one before ended");
            assertTrue(ranges.count(p) > 0, "partition " + p + " is not empty");
            assertTrue(ranges.first(p) % batchSize == 0, "partition " + p + " starts at a batch");
            next += ranges.count(p);
        }
        assertEquals(count, next);
    }

    @Test
    void partitionsHoldTheBatchesSparksParallelizeWouldGiveThem() {
        // 10 batches over 4 partitions: parallelize slices a list at floor(p * 10 / 4): 2, 3, 2, 3 batches
        ImageRanges ranges = new ImageRanges(1000, 100, 4);
        List<String> got = new ArrayList<>();
        for (int p = 0; p < ranges.size(); p++) {
            got.add(ranges.first(p) + "+" + ranges.count(p));
        }
        assertEquals(List.of("0+200", "200+300", "500+200", "700+300"), got);
    }

    @Test
    void theLastBatchMayBeShort() {
        ImageRanges ranges = new ImageRanges(250, 100, 2);
        assertEquals(3, ranges.batches());
        assertEquals(100, ranges.count(0));
        assertEquals(150, ranges.count(1));
    }

    @Test
    void nothingIsEmptyOrNegative() {
        assertThrows(IllegalArgumentException.class, () -> new ImageRanges(0, 100, 2));
        assertThrows(IllegalArgumentException.class, () -> new ImageRanges(10, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> new ImageRanges(10, 100, 0));
    }
}
