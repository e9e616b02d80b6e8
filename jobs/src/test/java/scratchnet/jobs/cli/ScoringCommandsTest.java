package scratchnet.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import scratchnet.core.TestData;
import scratchnet.jobs.io.OutputLock;
import scratchnet.jobs.spark.LocalSpark;

/** {@code predict} and {@code export-mllib} through the command line: outputs, exit codes, one-line errors. */
class ScoringCommandsTest {
    private static String weights;
    private static String data;

    @BeforeAll
    static void setUp() {
        LocalSpark.stop();
        weights = TestData.sampleWeights().toString();
        data = TestData.mnistDir().toString();
    }

    @Test
    void predictWritesTheTableAndRefusesToOverwriteIt(@TempDir Path dir) {
        String out = dir.resolve("predictions").toString();
        CliRunner r = CliRunner.run("predict", "--data", data, "--weights", weights, "--out", out);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("wrote 10000 rows to file:" + out + " (parquet): 9352 correct, accuracy 0.9352\n"), r.out());
        assertTrue(Files.exists(dir.resolve("predictions/_SUCCESS")));

        CliRunner again = CliRunner.run("predict", "--data", data, "--weights", weights, "--out", out);
        assertEquals(2, again.code());
        assertTrue(again.oneErrorLine(), again.err());
        assertEquals("scratchnet: file:" + out + ": already exists (use --overwrite to replace it)\n", again.err());
        try (OutputLock held = OutputLock.acquire(new org.apache.hadoop.fs.Path(dir.resolve(".predictions.lock").toUri()), "the table",
                "predict", new Configuration(), System.err)) {
            CliRunner busy = CliRunner.run("predict", "--data", data, "--weights", weights, "--out", out, "--overwrite");
            assertEquals(2, busy.code(), busy.err());
            assertTrue(busy.oneErrorLine() && busy.err().contains("file:" + out + " is in use by predict (pid "), busy.err());
        }
        assertTrue(Files.exists(dir.resolve("predictions/_SUCCESS")), "the refused writer left the table as it was");

        CliRunner csv = CliRunner.run("predict", "--data", out, "--image-col", "probability", "--weights", weights, "--out", dir.resolve("x").toString());
        assertEquals(2, csv.code());
        assertTrue(csv.oneErrorLine(), csv.err());
        assertTrue(csv.err().contains("column 'probability': an image of 10 values, expected 784"), csv.err());
        assertFalse(Files.exists(dir.resolve("x")));
    }

    @Test
    void anExportedModelIsWeightsForEvaluate(@TempDir Path dir) {
        String model = dir.resolve("mlp").toString();
        CliRunner export = CliRunner.run("export-mllib", "--weights", weights, "--out", model);
        assertEquals(0, export.code(), export.err());
        assertEquals("wrote file:" + model + ": MultilayerPerceptronClassificationModel, layers 784-50-100-10, 45360 weights, from file:"
                + weights + "\n", export.out());
        assertTrue(Files.isDirectory(dir.resolve("mlp/metadata")));
        assertTrue(Files.isDirectory(dir.resolve("mlp/data")));

        CliRunner evaluate = CliRunner.run("evaluate", "--data", data, "--weights", model);
        assertEquals(0, evaluate.code(), evaluate.err());
        assertTrue(evaluate.out().startsWith("Accuracy:0.9352\n"), evaluate.out());

        assertEquals(2, CliRunner.run("export-mllib", "--weights", weights, "--out", model).code());
    }
}
