package scratchnet.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import scratchnet.core.TestData;
import scratchnet.jobs.spark.LocalSpark;

/**
 * Degenerate data and misplaced files through the command line: a set of zero images is bad input
 * (never {@code Accuracy:0.0}), a directory is named as one, a resume that asks for fewer
 * iterations than its checkpoint has done is refused naming both numbers.
 */
class DegenerateDataTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void spark() {
        LocalSpark.stop();
    }

    /** A data directory whose test set (or training set) has zero images, the other set copied from the cache. */
    private Path emptySet(String prefix) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("empty-" + prefix));
        for (String name : new String[] {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}) {
            if (name.startsWith(prefix)) {
                boolean images = name.contains("images");
                ByteBuffer head = ByteBuffer.allocate(images ? 16 : 8).putInt(images ? 2051 : 2049).putInt(0);
                if (images) {
                    head.putInt(28).putInt(28);
                }
                Files.write(dir.resolve(name), head.array());
            } else {
                Path from = TestData.mnistDir().resolve(name);
                Files.createSymbolicLink(dir.resolve(name), Files.exists(from) ? from : TestData.mnistDir().resolve(name + ".gz"));
            }
        }
        return dir;
    }

    @Test
    void aTestSetOfZeroImagesIsBadInputNotAccuracyZero() throws Exception {
        CliRunner r = CliRunner.run("evaluate", "--data", emptySet("t10k").toString());
        assertEquals(2, r.code(), r.err());
        assertFalse(r.out().contains("Accuracy:"), r.out());
        assertTrue(r.oneErrorLine() && r.err().contains("t10k-images-idx3-ubyte: holds no images"), r.err());
    }

    @Test
    void aTrainingSetOfZeroImagesIsBadInput() throws Exception {
        CliRunner r = CliRunner.run("train", "--data", emptySet("train").toString(), "--iters", "1", "--out", tmp.resolve("o").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.oneErrorLine() && r.err().contains("train-images-idx3-ubyte: holds no images"), r.err());
    }

    @Test
    void aMissingDataDirectoryAndADirectoryForAFileAreNamedAsSuch() throws Exception {
        CliRunner missing = CliRunner.run("evaluate", "--data", tmp.resolve("nowhere").toString());
        assertEquals(2, missing.code(), missing.err());
        assertTrue(missing.oneErrorLine() && missing.err().contains("nowhere: no such directory"), missing.err());
        Path dir = Files.createDirectories(tmp.resolve("dirs/t10k-images-idx3-ubyte"));
        CliRunner directory = CliRunner.run("evaluate", "--data", dir.getParent().toString());
        assertEquals(2, directory.code(), directory.err());
        assertTrue(directory.oneErrorLine() && directory.err().contains("t10k-images-idx3-ubyte: is a directory, not a file"), directory.err());
    }

    @Test
    void resumingWithFewerIterationsThanTheCheckpointHasDoneIsRefused() {
        String out = tmp.resolve("run").toString();
        String data = TestData.mnistDir().toString();
        assertEquals(0, CliRunner.run("train", "--data", data, "--iters", "6", "--partitions", "1", "--train-accuracy", "off",
                "--out", out).code());
        CliRunner r = CliRunner.run("train", "--data", data, "--iters", "4", "--partitions", "1", "--train-accuracy", "off",
                "--out", out, "--resume");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.oneErrorLine() && r.err().contains("has done 6 iterations, more than the 4 that --iters/--epochs ask for"), r.err());
    }
}
