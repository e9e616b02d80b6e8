package scratchnet.jobs.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import scratchnet.core.TestData;
import scratchnet.core.io.WeightsFile;
import scratchnet.core.net.Network;
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
            try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve(name + ".gz")))) {
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
}
