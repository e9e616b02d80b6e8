package scratchnet.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import scratchnet.core.TestData;
import scratchnet.jobs.spark.LocalSpark;

/** The command line's contract: results on stdout, one error line on stderr, the exit codes. */
class CliTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void spark() {
        LocalSpark.stop();
    }

    private String weights() {
        return TestData.sampleWeights().toString();
    }

    @Test
    void evaluatePrintsTheBooksAccuracyOnItsOwnLine() {
        CliRunner r = CliRunner.run("evaluate", "--weights", "book", "--data", TestData.mnistDir().toString(), "--partitions", "3");
        assertEquals(0, r.code(), r.err());
        assertEquals("Accuracy:0.9352", r.out().lines().findFirst().orElse(""));
    }

    @Test
    void misclassifiedOutWritesEveryIndexOnceAndReplacesOnlyWithOverwrite() throws Exception {
        Path out = tmp.resolve("misclassified");
        CliRunner r = CliRunner.run("evaluate", "--weights", weights(), "--data", TestData.mnistDir().toString(), "--misclassified-out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("misclassified 648: every index in file:" + out), r.out());
        long lines;
        try (var parts = Files.list(out)) {
            lines = parts.filter(p -> p.getFileName().toString().startsWith("part-")).mapToLong(p -> {
                try {
                    return Files.readAllLines(p).size();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).sum();
        }
        assertEquals(648, lines);
        assertTrue(Files.exists(out.resolve("_SUCCESS")));

        CliRunner again = CliRunner.run("evaluate", "--weights", weights(), "--data", TestData.mnistDir().toString(), "--misclassified-out", out.toString());
        assertEquals(2, again.code());
        assertTrue(again.oneErrorLine() && again.err().contains("already exists (use --overwrite to replace it)"), again.err());
        CliRunner replaced = CliRunner.run("evaluate", "--weights", weights(), "--data", TestData.mnistDir().toString(), "--misclassified-out", out.toString(),
                "--overwrite", "--partitions", "1");
        assertEquals(0, replaced.code(), replaced.err());
        try (var parts = Files.list(out)) {
            assertEquals(List.of("_SCRATCHNET", "_SUCCESS", "part-00000"), parts.map(p -> p.getFileName().toString()).sorted().toList());
        }

        CliRunner alone = CliRunner.run("evaluate", "--weights", weights(), "--data", TestData.mnistDir().toString(), "--overwrite");
        assertEquals(2, alone.code());
        assertTrue(alone.err().contains("--overwrite replaces a --misclassified-out directory"), alone.err());
    }

    @Test
    void theAccuracyGateExitsWithThree() {
        CliRunner r = CliRunner.run("evaluate", "--weights", weights(), "--data", TestData.mnistDir().toString(), "--min-accuracy", "0.95");
        assertEquals(3, r.code());
        assertTrue(r.out().startsWith("Accuracy:0.9352"));
        assertTrue(r.err().contains("accuracy 0.9352 is below --min-accuracy 0.95"), r.err());
    }

    @Test
    void showWritesTheFirstTrainingDigitAndPrintsItsLabel() throws Exception {
        Path png = tmp.resolve("digit.png");
        CliRunner r = CliRunner.run("show", "--index", "0", "--data", TestData.mnistDir().toString(), "--out", png.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("5", r.out().strip());
        var img = javax.imageio.ImageIO.read(png.toFile());
        assertEquals(28, img.getWidth());
        assertEquals(28, img.getHeight());
        Path strip = tmp.resolve("strip.png");
        assertEquals(0, CliRunner.run("show", "--index", "0", "--strip", "--data", TestData.mnistDir().toString(), "--out", strip.toString()).code());
        var s = javax.imageio.ImageIO.read(strip.toFile());
        assertEquals(784, s.getWidth());
        assertEquals(1, s.getHeight());
        int sum = 0;
        for (int x = 0; x < 784; x++) {
            sum += s.getRaster().getSample(x, 0, 0);
        }
        assertEquals(TestData.golden().at("/mnist/train_img0_pixel_sum").asInt(), sum);
    }

    @Test
    void unknownCommandAndOptionAreUsageErrors() {
        CliRunner r = CliRunner.run("evalute");
        assertEquals(2, r.code());
        assertTrue(r.oneErrorLine() && r.err().contains("unknown command 'evalute'"), r.err());
        r = CliRunner.run("evaluate", "--weights", weights(), "--batchsize", "10");
        assertEquals(2, r.code());
        assertTrue(r.oneErrorLine() && r.err().contains("unknown option --batchsize"), r.err());
        r = CliRunner.run("evaluate", "--weights", weights(), "--batch-size", "zero");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--batch-size must be an integer, got 'zero'"), r.err());
    }

    @Test
    void missingWeightsFileIsOneLine() {
        Path missing = tmp.resolve("no-such.pkl");
        CliRunner r = CliRunner.run("evaluate", "--weights", missing.toString(), "--data", TestData.mnistDir().toString());
        assertEquals(2, r.code());
        assertTrue(r.oneErrorLine() && r.err().contains("no-such.pkl: no such file"), r.err());
        assertFalse(r.out().contains("Accuracy"));
    }

    @Test
    void weightsThatAreNeitherPickleNorNpzAreRefused() throws Exception {
        Path text = Files.writeString(tmp.resolve("weights.pkl"), "W1 = [[0.1, 0.2]]\n");
        CliRunner r = CliRunner.run("evaluate", "--weights", text.toString(), "--data", TestData.mnistDir().toString());
        assertEquals(2, r.code());
        assertTrue(r.oneErrorLine() && r.err().contains("weights.pkl: not a pickle, npz or ONNX weights file"), r.err());
    }

    @Test
    void badDataIsNamedWithItsFile() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("data"));
        Files.copy(TestData.mnistDir().resolve("t10k-images-idx3-ubyte"), dir.resolve("t10k-images-idx3-ubyte"));
        CliRunner missing = CliRunner.run("evaluate", "--weights", weights(), "--data", dir.toString());
        assertEquals(2, missing.code());
        assertTrue(missing.oneErrorLine() && missing.err().contains("t10k-labels-idx1-ubyte: no such file (nor .gz)"), missing.err());

        byte[] labels = Files.readAllBytes(TestData.mnistDir().resolve("t10k-labels-idx1-ubyte"));
        labels[8 + 4321] = 11;
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), labels);
        CliRunner bad = CliRunner.run("evaluate", "--weights", weights(), "--data", dir.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.oneErrorLine() && bad.err().contains("label 11 of record 4321 at offset 4329 is not a digit 0-9"), bad.err());

        byte[] truncated = java.util.Arrays.copyOf(labels, 5000);
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), truncated);
        CliRunner shortFile = CliRunner.run("evaluate", "--weights", weights(), "--data", dir.toString());
        assertEquals(2, shortFile.code());
        assertTrue(shortFile.oneErrorLine() && shortFile.err().contains("truncated"), shortFile.err());

        byte[] images = ByteBuffer.allocate(16).putInt(2049).putInt(0).putInt(28).putInt(28).array();
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), images);
        CliRunner magic = CliRunner.run("evaluate", "--weights", weights(), "--data", dir.toString());
        assertEquals(2, magic.code());
        assertTrue(magic.oneErrorLine() && magic.err().contains("wrong IDX magic 2049 at offset 0, expected 2051"), magic.err());
    }

    @Test
    void showRefusesAnIndexOutOfRangeAndWritesNothing() {
        Path png = tmp.resolve("none.png");
        CliRunner r = CliRunner.run("show", "--index", "60000", "--data", TestData.mnistDir().toString(), "--out", png.toString());
        assertEquals(2, r.code());
        assertTrue(r.oneErrorLine() && r.err().contains("--index 60000 is out of range"), r.err());
        assertFalse(Files.exists(png));
    }
}
