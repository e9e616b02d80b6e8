package scratchnet.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import scratchnet.core.TestData;
import scratchnet.core.io.WeightsFile;
import scratchnet.core.net.Network;
import scratchnet.jobs.io.FileDigests;
import scratchnet.jobs.io.OutputLock;
import scratchnet.jobs.spark.LocalSpark;
import scratchnet.jobs.training.Checkpoint;

/**
 * {@code train} through the command line: its outputs, resuming, and every bad option as one line with exit code 2
 * ({@code e2e.TrainCommandIT} has the slower cases: replacing an earlier run, the weights in NumPy).
 */
class TrainCommandTest {
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
    void writesWeightsModelCardAndCurvesThenResumes() throws Exception {
        Path out = tmp.resolve("run");
        CliRunner r = CliRunner.run("train", "--data", data(), "--iters", "50", "--optimizer", "adam", "--init", "xavier",
                "--local-steps", "5", "--partitions", "2", "--checkpoint-every", "20", "--seed", "3", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).matches("train acc, test acc \\| 0\\.\\d+, 0\\.\\d+"), r.out());
        assertTrue(r.out().contains("trained 784-50-100-10: 50 iterations"), r.out());
        assertTrue(r.err().contains("training set cached on the executors: 2 partitions"), r.err());
        assertTrue(r.err().matches("(?s).*step 50/50 .* examples/s  [0-9.]+ ms/step  done.*"), r.err());

        Network net = WeightsFile.readNetwork(out.resolve("weights.npz"));
        assertEquals("784-50-100-10", net.sizes().toString());
        JsonNode card = new ObjectMapper().readTree(out.resolve("model.json").toFile());
        assertEquals("submit.sh train --data " + data() + " --iters 50 --optimizer adam --init xavier --local-steps 5 --partitions 2 "
                + "--checkpoint-every 20 --seed 3 --out " + out, card.get("command").asText());
        assertEquals("adam", card.at("/hyperparameters/optimizer").asText());
        assertEquals(0.001, card.at("/hyperparameters/lr").asDouble());
        assertEquals(3, card.get("seed").asLong());
        assertEquals(TestData.golden().at("/mnist/sha256/train-images-idx3-ubyte").asText(),
                card.at("/data/sha256/train-images-idx3-ubyte").asText());
        assertEquals(50, card.at("/results/iterations").asLong());
        assertTrue(card.at("/results/test_accuracy").asDouble() > 0.5, card.toPrettyString());
        assertEquals("4.2.0", card.at("/run/spark_version").asText());
        assertTrue(card.at("/run/cached_train_bytes").asLong() > 20_000_000L);
        assertEquals(FileDigests.sha256(Files.readAllBytes(out.resolve("weights.npz"))), card.get("weights_sha256").asText());

        List<String> csv = Files.readAllLines(out.resolve("curves.csv"));
        assertEquals("step,loss,epoch,train_acc,test_acc", csv.get(0));
        assertEquals(51, csv.size());
        assertTrue(csv.get(1).matches("1,2\\.\\d+,,,"), csv.get(1));
        assertTrue(csv.get(50).matches("50,[\\d.e-]+,0\\.08333333333333333,0\\.\\d+,0\\.\\d+"), csv.get(50));
        BufferedImage png = javax.imageio.ImageIO.read(out.resolve("curves.png").toFile());
        assertEquals(1280, png.getWidth());
        assertEquals(480, png.getHeight());

        // evaluate reads the weights; its accuracy is the one model.json recorded
        CliRunner eval = CliRunner.run("evaluate", "--data", data(), "--weights", out.resolve("weights.npz").toString());
        assertEquals(0, eval.code(), eval.err());
        double acc = Double.parseDouble(eval.out().lines().findFirst().orElseThrow().substring("Accuracy:".length()));
        assertEquals(card.at("/results/test_accuracy").asDouble(), acc, 0.0005);

        CliRunner more = CliRunner.run("train", "--data", data(), "--iters", "70", "--optimizer", "adam", "--init", "xavier",
                "--local-steps", "5", "--checkpoint-every", "20", "--seed", "3", "--out", out.toString(), "--resume");
        assertEquals(0, more.code(), more.err());
        assertTrue(more.err().contains("resuming file:" + out + " at step 50 of 70"), more.err());
        assertEquals(71, Files.readAllLines(out.resolve("curves.csv")).size());
        assertEquals(csv.subList(0, 50), Files.readAllLines(out.resolve("curves.csv")).subList(0, 50));
        assertTrue(new ObjectMapper().readTree(out.resolve("model.json").toFile()).at("/run/resumed").asBoolean());

        CliRunner changed = CliRunner.run("train", "--data", data(), "--iters", "90", "--optimizer", "adam", "--lr", "0.01",
                "--local-steps", "5", "--seed", "3", "--out", out.toString(), "--resume");
        assertEquals(2, changed.code());
        assertTrue(changed.oneErrorLine() && changed.err().contains("--resume: --lr 0.01 differs from the checkpoint's 0.001"), changed.err());
    }

    @Test
    void aCheckpointWrittenBeforeTheSnakeCaseKeysStillResumes() throws Exception {
        Path out = tmp.resolve("old");
        List<String> args = List.of("train", "--data", data(), "--checkpoint-every", "2", "--seed", "5", "--out", out.toString());
        CliRunner first = CliRunner.run(with(args, "--iters", "4"));
        assertEquals(0, first.code(), first.err());
        Path json = out.resolve(Checkpoint.JSON);
        String written = Files.readString(json);
        assertTrue(written.contains("\"batch_size\"") && written.contains("\"local_steps\"") && !written.contains("batch-size"), written);
        // checkpoint.json as it was before: its settings keyed by the options' names
        Files.writeString(json, written.replace("\"batch_size\"", "\"batch-size\"").replace("\"local_steps\"", "\"local-steps\""));

        CliRunner changed = CliRunner.run(with(args, "--iters", "6", "--batch-size", "50", "--resume"));
        assertEquals(2, changed.code());
        assertTrue(changed.oneErrorLine() && changed.err().contains("--resume: --batch-size 50 differs from the checkpoint's 100"), changed.err());
        CliRunner more = CliRunner.run(with(args, "--iters", "6", "--resume"));
        assertEquals(0, more.code(), more.err());
        assertTrue(more.err().contains(" at step 4 of 6"), more.err());
    }

    private static String[] with(List<String> args, String... more) {
        List<String> all = new java.util.ArrayList<>(args);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--hidden 50,,100          | --hidden must list the hidden layers' widths",
        "--hidden 0                | --hidden must list the hidden layers' widths",
        "--hidden fifty            | --hidden must list the hidden layers' widths",
        "--hidden 50,5000          | --hidden must list the hidden layers' widths (1 to 4096)",
        "--lr 0                    | --lr must be positive, got 0.0",
        "--lr -0.1                 | --lr must be positive, got -0.1",
        "--lr fast                 | --lr must be a number, got 'fast'",
        "--optimizer rmsprop       | --optimizer must be one of sgd, momentum, adagrad, adam, got 'rmsprop'",
        "--init glorot             | --init must be xavier, he or a positive standard deviation",
        "--iters 10 --epochs 2     | give --iters or --epochs, not both",
        "--iters 0                 | --iters must be at least 1, got 0",
        "--batch-size 0            | --batch-size must be at least 1, got 0",
        "--local-steps 0           | --local-steps must be at least 1, got 0",
        "--target-accuracy 1.5     | --target-accuracy must be between 0.0 and 1.0, got 1.5",
        "--train-accuracy maybe    | --train-accuracy must be on or off, got 'maybe'",
        "--sampling random         | --sampling must be replacement or shuffle, got 'random'",
        "--seed x                  | --seed must be an integer, got 'x'",
        "--batch-size 1000001      | --batch-size must be at most 1000000, got 1000001",
        "--iters 99999999999       | --iters must be at most 2147483647, got 99999999999",
        "--partitions 100001       | --partitions must be at most 100000, got 100001",
        "--lr Infinity             | --lr must be finite, got Infinity",
        "--target-accuracy NaN     | --target-accuracy must be finite, got NaN",
        "--hidden 4096,4096,4096   | --hidden '4096,4096,4096' needs 36818954 weights and biases, more than the limit of 20000000",
        "--momentum 0.9            | unknown option --momentum",
        "--resume --overwrite      | --resume continues the run in --out",
    })
    void badOptionsAreOneLineAndExitTwo(String args, String message) {
        List<String> argv = new java.util.ArrayList<>(List.of("train", "--data", data(), "--out", tmp.resolve("never").toString()));
        argv.addAll(List.of(args.trim().split("\\s+")));
        CliRunner r = CliRunner.run(argv.toArray(String[]::new));
        assertEquals(2, r.code(), r.err());
        assertTrue(r.oneErrorLine(), r.err());
        assertTrue(r.err().contains(message), r.err());
        assertFalse(Files.exists(tmp.resolve("never")));
    }

    @Test
    void badInputFoundOnceSparkRunsIsOneLineAndExitsTwo() throws Exception {
        CliRunner big = CliRunner.run("train", "--data", data(), "--batch-size", "60001", "--out", tmp.resolve("big").toString());
        assertEquals(2, big.code());
        assertTrue(big.oneErrorLine() && big.err().contains("--batch-size 60001 is larger than the training set (60000 images)"), big.err());
        assertFalse(Files.exists(tmp.resolve("big")), "a run that failed before writing leaves no directory it made");

        Path existing = Files.createDirectories(tmp.resolve("existing"));
        Files.writeString(existing.resolve("keep.txt"), "mine");
        CliRunner exists = CliRunner.run("train", "--data", data(), "--iters", "2", "--out", existing.toString());
        assertEquals(2, exists.code());
        assertTrue(exists.oneErrorLine() && exists.err().contains("existing: already exists (use --overwrite to replace it, or --resume"), exists.err());
        CliRunner noCheckpoint = CliRunner.run("train", "--data", data(), "--iters", "2", "--out", existing.toString(), "--resume");
        assertEquals(2, noCheckpoint.code());
        assertTrue(noCheckpoint.oneErrorLine() && noCheckpoint.err().contains("no checkpoint to resume"), noCheckpoint.err());
        CliRunner over = CliRunner.run("train", "--data", data(), "--iters", "2", "--out", existing.toString(), "--overwrite");
        assertEquals(0, over.code(), over.err());
        assertTrue(Files.exists(existing.resolve("weights.npz")));
        assertEquals("mine", Files.readString(existing.resolve("keep.txt")), "--overwrite replaces only the files train writes");

        CliRunner diverged = CliRunner.run("train", "--data", data(), "--iters", "5", "--optimizer", "adam", "--lr", "2e38",
                "--checkpoint-every", "1", "--out", tmp.resolve("nan").toString());
        assertEquals(2, diverged.code());
        // progress came first; the error is the last line, alone, without a stack trace
        List<String> errLines = diverged.err().strip().lines().toList();
        assertTrue(errLines.get(errLines.size() - 1).startsWith("scratchnet: training diverged at step 2: the loss is NaN"), diverged.err());
        assertFalse(diverged.err().contains("\tat "), diverged.err());
        assertTrue(Files.exists(tmp.resolve("nan").resolve(Checkpoint.JSON)));
        assertFalse(Files.exists(tmp.resolve("nan").resolve("weights.npz")), "no weights are written from a diverged run");
    }

    @Test
    void anOutHeldByAnotherRunIsRefusedAtOnce() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("held"));
        org.apache.hadoop.fs.Path lock = new org.apache.hadoop.fs.Path(out.resolve(".scratchnet.lock").toUri());
        try (OutputLock held = OutputLock.acquire(lock, "--out held", "train", new Configuration(), System.err)) {
            CliRunner r = CliRunner.run("train", "--data", data(), "--iters", "2", "--out", out.toString());
            assertEquals(2, r.code(), r.err());
            assertTrue(r.oneErrorLine() && r.err().contains("--out file:" + out + " is in use by train (pid " + ProcessHandle.current().pid()), r.err());
        }
        assertEquals(List.of(), Files.list(out).toList(), "the refused run wrote nothing");
    }

    @Test
    void aCheckpointNamingAnArchiveOutsideOutIsRefused() throws Exception {
        Path out = tmp.resolve("ck");
        assertEquals(0, CliRunner.run("train", "--data", data(), "--iters", "20", "--checkpoint-every", "10", "--out", out.toString()).code());
        Path json = out.resolve(Checkpoint.JSON);
        Files.writeString(json, Files.readString(json).replace("checkpoint-000000020.npz", "../elsewhere/checkpoint-000000020.npz"));
        CliRunner r = CliRunner.run("train", "--data", data(), "--iters", "40", "--out", out.toString(), "--resume");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.oneErrorLine() && r.err().contains("names the archive '../elsewhere/checkpoint-000000020.npz', which is not a checkpoint archive inside"),
                r.err());
    }
}
