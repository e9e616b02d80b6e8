package scratchnet.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import scratchnet.core.TestData;
import scratchnet.core.data.Mnist;
import scratchnet.core.data.MnistSet;
import scratchnet.core.data.SparseImages;
import scratchnet.core.io.WeightsFile;
import scratchnet.core.math.Activations;

/**
 * The one scorer: the same predictions from dense normalised rows and from the sparse rows
 * training caches (bit for bit, SIMD and plain loops), the book's 9,352 either way.
 */
class ScorerTest {
    private static Network book;
    private static MnistSet test;
    private static SparseImages sparse;
    private static float[] dense;

    @BeforeAll
    static void load() {
        book = WeightsFile.readNetwork(TestData.sampleWeights());
        test = Mnist.readSet(TestData.mnistDir(), false);
        sparse = SparseImages.of(0, test.images(), test.labels());
        dense = test.normalizedImages();
    }

    private static void assertSameBits(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(actual[i]), what + ", value " + i);
        }
    }

    @Test
    void sparseRowsGiveTheBitsOfTheirDenseRows() {
        for (int[] batch : new int[][] {{0, 10_000}, {0, 1}, {17, 3}, {9_995, 5}, {4_000, 100}}) {
            int from = batch[0];
            int n = batch[1];
            float[] expected = book.predictBatch(dense, from * MnistSet.PIXELS, n);
            String what = "images " + from + " to " + (from + n - 1);
            assertSameBits(expected, book.predictBatch(sparse, from, n), what);
            assertSameBits(expected, new ScalarForward(book).predictBatch(sparse, from, n), what + ", plain loops");
            assertSameBits(expected, new SimdForward(book).predictBatch(sparse, from, n), what + ", SIMD");
        }
    }

    @Test
    void sparseRowsGiveTheBitsOfTheirDenseRowsForOddWidths() {
        for (int[] widths : new int[][] {{784, 20, 10}, {784, 64, 10}, {784, 3, 7, 10}, {784, 130, 10}, {784, 10}}) {
            LayerSizes sizes = new LayerSizes(widths);
            Network network = Params.network(sizes, Init.parse("xavier").initialize(sizes, 11));
            assertSameBits(network.predictBatch(dense, 0, 13), network.predictBatch(sparse, 0, 13), sizes.toString());
        }
    }

    @Test
    void theScorerCountsTheBooksAccuracyFromEitherForm() {
        Scorer scorer = new Scorer(book);
        assertEquals(9352, scorer.correct(sparse, 0, sparse.count()));
        EvaluationCounts counts = new EvaluationCounts();
        for (int first = 0; first < test.count(); first += 100) {
            float[] x = MnistSet.normalize(test.images(), first * MnistSet.PIXELS, (first + 100) * MnistSet.PIXELS);
            Scores scores = scorer.score(x, 0, 100);
            assertEquals(java.util.Arrays.toString(Activations.argmaxRows(scores.probabilities(), 100, 10)),
                    java.util.Arrays.toString(java.util.stream.IntStream.range(0, 100).map(scores::prediction).toArray()));
            scorer.count(x, 100, first, test.labels(), first, counts);
        }
        assertEquals(9352, counts.correct());
        assertEquals(10_000, counts.examples());
    }
}
