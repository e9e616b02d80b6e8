package scratchnet.jobs.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import scratchnet.core.TestData;
import scratchnet.core.data.MnistSet;
import scratchnet.core.math.Losses;
import scratchnet.core.net.EvaluationCounts;
import scratchnet.core.net.LayerSizes;
import scratchnet.core.io.WeightsFile;
import scratchnet.core.net.Network;
import scratchnet.jobs.io.ImageRanges;
import scratchnet.jobs.io.MnistBatch;
import scratchnet.jobs.io.MnistSource;
import scratchnet.jobs.spark.LocalSpark;

/** The distributed evaluation in {@code local[2]}: the book's 0.9352 for every partitioning. */
class EvaluationTest {
    private static JavaSparkContext sc;
    private static Network network;
    private static MnistSource test;

    @BeforeAll
    static void setUp() {
        sc = LocalSpark.context();
        network = WeightsFile.readNetwork(TestData.sampleWeights());
        test = MnistSource.open(TestData.mnistDir().toString(), false, sc.hadoopConfiguration());
    }

    @ParameterizedTest(name = "batch {0}, {1} partitions")
    @CsvSource({"100, 2", "100, 1", "100, 7", "1, 3", "37, 4", "10000, 2", "333, 100"})
    void accuracyIsTheBooksForEveryBatchingAndPartitioning(int batchSize, int partitions) {
        EvaluationCounts counts = Evaluation.evaluate(sc, test, network, batchSize, partitions);
        assertEquals(10_000, counts.examples());
        assertEquals(9352, counts.correct());
        assertEquals(0.9352, counts.accuracy());
    }

    @Test
    void countsMatchTheNumpyReference() {
        EvaluationCounts counts = Evaluation.evaluate(sc, test, network, 100, 2);
        var golden = TestData.golden().at("/ch3_inference/float32");
        long[][] confusion = counts.confusion();
        for (int t = 0; t < 10; t++) {
            for (int p = 0; p < 10; p++) {
                assertEquals(golden.at("/confusion_matrix/" + t + "/" + p).asLong(), confusion[t][p]);
            }
        }
        assertEquals(golden.get("cross_entropy_mean").asDouble(), counts.meanCrossEntropy(), 1e-6);
        assertEquals(golden.get("mse_mean").asDouble(), counts.meanSquaredError(), 1e-7);
        assertEquals(648, counts.misclassified().length);
    }

    @Test
    void gzippedDataGivesTheSameAccuracy(@TempDir Path dir) throws Exception {
        for (String name : new String[] {"t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}) {
            // the fastest level: the reader is under test, not the compression
            try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve(name + ".gz"))) { { def.setLevel(Deflater.BEST_SPEED); } }) {
                Files.copy(TestData.mnistDir().resolve(name), out);
            }
        }
        MnistSource gz = MnistSource.open(dir.toUri().toString(), false, sc.hadoopConfiguration());
        assertEquals(9352, Evaluation.evaluate(sc, gz, network, 100, 3).correct());
    }

    @Test
    void aSmallValidIdxSetIsAccepted(@TempDir Path dir) throws Exception {
        byte[] images = Files.readAllBytes(TestData.mnistDir().resolve("t10k-images-idx3-ubyte"));
        byte[] labels = Files.readAllBytes(TestData.mnistDir().resolve("t10k-labels-idx1-ubyte"));
        int n = 250;
        byte[] someImages = java.util.Arrays.copyOf(images, 16 + n * 784);
        byte[] someLabels = java.util.Arrays.copyOf(labels, 8 + n);
        java.nio.ByteBuffer.wrap(someImages).putInt(4, n);
        java.nio.ByteBuffer.wrap(someLabels).putInt(4, n);
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), someImages);
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), someLabels);
        EvaluationCounts counts = Evaluation.evaluate(sc, MnistSource.open(dir.toString(), false, sc.hadoopConfiguration()), network, 100, 2);
        assertEquals(n, counts.examples());
        assertArrayEquals(counts.misclassified(), java.util.Arrays.stream(counts.misclassified()).filter(i -> i < n).toArray());
    }

    /** The loss sums are those of the images one by one, in index order within each partition, then partition after partition. */
    @ParameterizedTest(name = "batch {0}, {1} partitions")
    @CsvSource({"100, 2", "37, 2"})
    void lossSumsAreThoseOfEveryImageInRangeOrder(int batchSize, int partitions) {
        EvaluationCounts counts = Evaluation.evaluate(sc, test, network, batchSize, partitions);
        ImageRanges ranges = new ImageRanges(test.count(), batchSize, partitions);
        MnistBatch all = test.read(0, test.count(), sc.hadoopConfiguration());
        double crossEntropy = 0;
        double squaredError = 0;
        for (int p = 0; p < ranges.size(); p++) {
            double ce = 0;
            double se = 0;
            for (int first = ranges.first(p); first < ranges.first(p) + ranges.count(p); first += batchSize) {
                int n = Math.min(batchSize, ranges.first(p) + ranges.count(p) - first);
                float[] y = network.predictBatch(MnistSet.normalize(all.images(), first * MnistSet.PIXELS, (first + n) * MnistSet.PIXELS), 0, n);
                for (int i = 0; i < n; i++) {
                    ce += Losses.crossEntropyError(y, i * 10, all.labels()[first + i]);
                    se += Losses.meanSquaredError(y, i * 10, 10, all.labels()[first + i]);
                }
            }
            crossEntropy += ce;
            squaredError += se;
        }
        // two partitions: their sums add the same whichever arrives first
        assertEquals(crossEntropy / 10_000, counts.meanCrossEntropy());
        assertEquals(squaredError / 10_000, counts.meanSquaredError());
    }

    /**
     * A network that always says 0 misclassifies every other digit: on the test set twice over,
     * 18,040 images (all but the 980 zeros), more than the counts keep. The part files hold every one of them.
     */
    @Test
    void everyMisclassifiedIndexIsWrittenByThePartitionsAndTheCountsKeepTheLowest(@TempDir Path dir) throws IOException {
        byte[] labels = tile(dir, 2);
        Network zero = new Network(new LayerSizes(new int[] {784, 10}), new float[][] {new float[7840]},
                new float[][] {{1, 0, 0, 0, 0, 0, 0, 0, 0, 0}});
        int[] wrong = IntStream.range(0, labels.length).filter(i -> labels[i] != 0).toArray();
        Path out = dir.resolve("misclassified");
        EvaluationCounts counts = Evaluation.evaluate(sc, MnistSource.open(dir.toString(), false, sc.hadoopConfiguration()), zero, 100, 3,
                out.toUri().toString());
        assertEquals(18_040, wrong.length);
        assertEquals(wrong.length, counts.misclassifiedCount());
        assertArrayEquals(java.util.Arrays.copyOf(wrong, EvaluationCounts.MISCLASSIFIED_KEPT), counts.misclassified());
        List<Path> parts;
        try (Stream<Path> files = Files.list(out)) {
            parts = files.sorted().toList();
        }
        assertEquals(List.of("_SUCCESS", "part-00000", "part-00001", "part-00002"), parts.stream().map(p -> p.getFileName().toString()).toList());
        List<Integer> written = new ArrayList<>();
        for (Path part : parts.subList(1, 4)) {
            Files.readAllLines(part).forEach(line -> written.add(Integer.parseInt(line)));
        }
        assertEquals(IntStream.of(wrong).boxed().toList(), written);
    }

    /** Writes the test set repeated {@code times} times into {@code dir}, as tile_mnist.py does. @return its labels */
    private static byte[] tile(Path dir, int times) throws IOException {
        byte[] images = Files.readAllBytes(TestData.mnistDir().resolve("t10k-images-idx3-ubyte"));
        byte[] labels = Files.readAllBytes(TestData.mnistDir().resolve("t10k-labels-idx1-ubyte"));
        int n = 10_000 * times;
        byte[] tiledImages = new byte[16 + n * 784];
        byte[] tiledLabels = new byte[8 + n];
        System.arraycopy(images, 0, tiledImages, 0, 16);
        System.arraycopy(labels, 0, tiledLabels, 0, 8);
        for (int k = 0; k < times; k++) {
            System.arraycopy(images, 16, tiledImages, 16 + k * 10_000 * 784, 10_000 * 784);
            System.arraycopy(labels, 8, tiledLabels, 8 + k * 10_000, 10_000);
        }
        java.nio.ByteBuffer.wrap(tiledImages).putInt(4, n);
        java.nio.ByteBuffer.wrap(tiledLabels).putInt(4, n);
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), tiledImages);
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), tiledLabels);
        return java.util.Arrays.copyOfRange(tiledLabels, 8, 8 + n);
    }
}
