package scratchnet.jobs.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static scratchnet.jobs.training.TrainingFixture.assertSameWeights;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import scratchnet.core.TestData;
import scratchnet.core.io.WeightsFile;
import scratchnet.core.net.Params;
import scratchnet.jobs.training.Checkpoint;

/**
 * Slow: a training JVM SIGKILLed mid-run (no shutdown hook, no final checkpoint), then
 * {@code --resume}d in a new JVM, ends with exactly the weights of a run that was never
 * interrupted, in a third JVM: with local SGD, and with synchronous rounds (checkpoints every 100
 * steps end their rounds there).
 */
@Tag("e2e")
class TrainKillResumeIT {
    @TempDir
    Path tmp;

    static List<String> train(int iterations, String localSteps, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--data", TestData.mnistDir().toString(), "--iters", Integer.toString(iterations),
                "--optimizer", "momentum", "--init", "xavier", "--local-steps", localSteps, "--checkpoint-every", "100", "--seed", "5",
                "--train-accuracy", "off", "--out", out.toString()));
        args.addAll(List.of(more));
        return args;
    }

    static long checkpointStep(Path dir) {
        try {
            return new ObjectMapper().readTree(dir.resolve(Checkpoint.JSON).toFile()).get("iteration").asLong();
        } catch (Exception e) {
            return -1;
        }
    }

    @ParameterizedTest(name = "{0} iterations, --local-steps {1}")
    @CsvSource({"1200, 10", "6000, 1"})
    void aKilledJvmResumedEndsWithTheUninterruptedWeights(int iterations, String localSteps) throws Exception {
        Path killed = tmp.resolve("killed");
        Process p = MainJvm.start(train(iterations, localSteps, killed), tmp.resolve("killed.log"));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (checkpointStep(killed) < 300 && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(p.isAlive(), "the run ended before it could be killed: " + Files.readString(tmp.resolve("killed.log")));
        p.destroyForcibly();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        long at = checkpointStep(killed);
        assertTrue(at >= 300 && at < iterations, "killed with a checkpoint at step " + at);
        assertTrue(!Files.exists(killed.resolve("weights.npz")), "killed before the end");

        Process resumed = MainJvm.start(train(iterations, localSteps, killed, "--resume"), tmp.resolve("resumed.log"));
        Path straight = tmp.resolve("straight");
        Process whole = MainJvm.start(train(iterations, localSteps, straight), tmp.resolve("straight.log"));
        assertTrue(resumed.waitFor(5, TimeUnit.MINUTES) && whole.waitFor(5, TimeUnit.MINUTES));
        assertEquals(0, resumed.exitValue(), Files.readString(tmp.resolve("resumed.log")));
        assertEquals(0, whole.exitValue(), Files.readString(tmp.resolve("straight.log")));
        assertTrue(Files.readString(tmp.resolve("resumed.log")).contains("resuming file:" + killed + " at step " + at));

        float[][] a = Params.of(WeightsFile.readNetwork(straight.resolve("weights.npz")));
        float[][] b = Params.of(WeightsFile.readNetwork(killed.resolve("weights.npz")));
        assertSameWeights(a, b, "after kill and resume");
        assertEquals(Files.readString(straight.resolve("curves.csv")), Files.readString(killed.resolve("curves.csv")));
    }
}
