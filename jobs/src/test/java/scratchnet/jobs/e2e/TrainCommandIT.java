package scratchnet.jobs.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import scratchnet.core.TestData;
import scratchnet.jobs.cli.CliRunner;
import scratchnet.jobs.io.FileDigests;
import scratchnet.jobs.spark.LocalSpark;
import scratchnet.jobs.training.Checkpoint;

/**
 * Slow: {@code train} through the command line in this JVM, the cases of several whole runs or of
 * another program ({@code cli.TrainCommandTest} has the rest): an {@code --overwrite} run that
 * fails leaves the earlier run whole and one that finishes replaces it; the weights load in NumPy.
 */
@Tag("e2e")
class TrainCommandIT {
    @TempDir
    Path tmp;

    @BeforeAll
    static void spark() {
        LocalSpark.stop();
    }

    private static String data() {
        return TestData.mnistDir().toString();
    }

    @Test
    void theWeightsLoadInNumpy() throws Exception {
        Path out = tmp.resolve("np");
        assertEquals(0, CliRunner.run("train", "--data", data(), "--iters", "3", "--out", out.toString()).code());
        Assumptions.assumeTrue(python("import numpy") == 0, "python3 with numpy is not available");
        assertEquals(0, python("import numpy as np, sys; d = np.load(sys.argv[1]); "
                + "assert sorted(d.files) == ['W1', 'W2', 'W3', 'b1', 'b2', 'b3'], d.files; "
                + "assert d['W1'].shape == (784, 50) and d['W1'].dtype == np.float32; assert d['b3'].shape == (10,)",
                out.resolve("weights.npz").toString()));
    }

    private static int python(String script, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("python3", "-c", script));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).inheritIO().start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    private static Map<String, String> digests(Path dir) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                out.put(f.getFileName().toString(), FileDigests.sha256(Files.readAllBytes(f)));
            }
        }
        return out;
    }

    @Test
    void anOverwriteThatFailsLeavesTheEarlierRunWholeAndOneThatFinishesReplacesIt() throws Exception {
        Path out = tmp.resolve("o");
        CliRunner first = CliRunner.run("train", "--data", data(), "--iters", "30", "--checkpoint-every", "10", "--out", out.toString());
        assertEquals(0, first.code(), first.err());
        Map<String, String> before = digests(out);
        assertEquals(Set.of("weights.npz", "model.json", "curves.csv", "curves.png", Checkpoint.JSON, "checkpoint-000000030.npz"), before.keySet());

        CliRunner tooBig = CliRunner.run("train", "--data", data(), "--overwrite", "--batch-size", "60001", "--out", out.toString());
        assertEquals(2, tooBig.code(), tooBig.err());
        assertEquals(before, digests(out), "a failed --overwrite run changes nothing");
        CliRunner diverged = CliRunner.run("train", "--data", data(), "--iters", "5", "--optimizer", "adam", "--lr", "2e38",
                "--checkpoint-every", "1", "--overwrite", "--out", out.toString());
        assertEquals(2, diverged.code(), diverged.err());
        assertTrue(diverged.err().strip().endsWith("; the earlier run's outputs in file:" + out + " are kept"), diverged.err());
        assertEquals(before, digests(out), "a diverged --overwrite run changes nothing, its checkpoints are gone too");

        CliRunner second = CliRunner.run("train", "--data", data(), "--iters", "20", "--seed", "7", "--out", out.toString(), "--overwrite");
        assertEquals(0, second.code(), second.err());
        Map<String, String> after = digests(out);
        assertEquals(Set.of("weights.npz", "model.json", "curves.csv", "curves.png", Checkpoint.JSON, "checkpoint-000000020.npz"), after.keySet(),
                "the new run's files, none of the old run's, no staging directory and no lock");
        assertFalse(after.get("weights.npz").equals(before.get("weights.npz")));
    }
}
