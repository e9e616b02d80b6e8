package scratchnet.core.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** Counts that stay small: the lowest 10,000 misclassified indices across partitions, the total exact. */
class EvaluationCountsTest {

    /** A batch's softmax rows that predict digit {@code predicted[i]} for image {@code i}. */
    private static float[] rows(int[] predicted) {
        float[] y = new float[predicted.length * 10];
        for (int i = 0; i < predicted.length; i++) {
            Arrays.fill(y, i * 10, i * 10 + 10, 0.05f);
            y[i * 10 + predicted[i]] = 0.55f;
        }
        return y;
    }

    /** Counts of images {@code [first, first + n)}, all labelled 0, those at {@code wrong} predicted 1; in batches of 100. */
    private static EvaluationCounts partition(int first, int n, int[] wrong, List<Integer> every) {
        EvaluationCounts counts = new EvaluationCounts(every == null ? null : every::add);
        byte[] labels = new byte[n];
        for (int b = 0; b < n; b += 100) {
            int m = Math.min(100, n - b);
            int[] predicted = new int[m];
            for (int w : wrong) {
                if (w >= first + b && w < first + b + m) {
                    predicted[w - first - b] = 1;
                }
            }
            counts.add(first + b, m, labels, b, rows(predicted));
        }
        return counts;
    }

    @Test
    void mergingKeepsTheLowestTenThousandIndicesAndTheExactTotal() {
        // three partitions of 30,000 images; every third image wrong: 30,000 misclassified in all
        int[] wrong = IntStream.range(0, 90_000).filter(i -> i % 3 == 1).toArray();
        EvaluationCounts p0 = partition(0, 30_000, wrong, null);
        EvaluationCounts p1 = partition(30_000, 30_000, wrong, null);
        EvaluationCounts p2 = partition(60_000, 30_000, wrong, null);
        assertEquals(10_000, p0.misclassifiedCount());
        assertEquals(10_000, p0.misclassified().length);
        int[] expected = Arrays.copyOf(wrong, EvaluationCounts.MISCLASSIFIED_KEPT);
        // whatever the order the partitions arrive in
        EvaluationCounts forward = partition(0, 30_000, wrong, null).merge(partition(30_000, 30_000, wrong, null)).merge(partition(60_000, 30_000, wrong, null));
        EvaluationCounts backward = p2.merge(p1).merge(p0);
        for (EvaluationCounts all : List.of(forward, backward)) {
            assertEquals(90_000, all.examples());
            assertEquals(60_000, all.correct());
            assertEquals(30_000, all.misclassifiedCount());
            assertArrayEquals(expected, all.misclassified());
            assertEquals(30_000, all.confusion()[0][1]);
        }
    }

    @Test
    void interleavedPartitionsMergeInIndexOrder() {
        EvaluationCounts a = partition(0, 200, new int[] {3, 150}, null);
        EvaluationCounts b = partition(200, 200, new int[] {201, 399}, null);
        EvaluationCounts merged = b.merge(a);
        assertArrayEquals(new int[] {3, 150, 201, 399}, merged.misclassified());
        assertEquals(4, merged.misclassifiedCount());
    }

    @Test
    void everyMisclassifiedIndexGoesToTheSinkBeyondTheKeptOnes() {
        int[] wrong = IntStream.range(0, 25_000).filter(i -> i % 2 == 0).toArray();
        List<Integer> every = new ArrayList<>();
        EvaluationCounts counts = partition(0, 25_000, wrong, every);
        assertEquals(12_500, counts.misclassifiedCount());
        assertEquals(Arrays.stream(wrong).boxed().toList(), every);
        assertArrayEquals(Arrays.copyOf(wrong, 10_000), counts.misclassified());
    }

    @Test
    void lossesAreTheBooksPerImageSums() {
        EvaluationCounts counts = partition(0, 3, new int[] {1}, null);
        // label 0: y[0] is 0.55 twice, 0.05 once
        double ce = (-Math.log(0.55f + 1e-7) * 2 - Math.log(0.05f + 1e-7)) / 3;
        assertEquals(ce, counts.meanCrossEntropy(), 1e-15);
        assertEquals(3, counts.examples());
    }
}
