package scratchnet.jobs.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import scratchnet.core.TestData;
import scratchnet.jobs.cli.CliRunner;
import scratchnet.jobs.spark.LocalSpark;

/**
 * Slow: {@code train} in {@code local[2]} reaches the project's target, 0.97 test accuracy, with
 * Momentum as the benchmark runs it; and the committed model is at least that good.
 */
@Tag("e2e")
class TrainToTargetIT {
    @TempDir
    Path tmp;

    @BeforeAll
    static void spark() {
        LocalSpark.stop();
        System.setProperty("spark.master", "local[2]");
    }

    @Test
    void momentumWithLocalStepsReaches097() throws Exception {
        Path out = tmp.resolve("momentum");
        CliRunner r = CliRunner.run("train", "--data", TestData.mnistDir().toString(), "--optimizer", "momentum", "--init", "xavier",
                "--local-steps", "100", "--target-accuracy", "0.97", "--epochs", "30", "--train-accuracy", "off", "--seed", "1",
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("reached the target 0.97"), r.out());
        JsonNode card = new ObjectMapper().readTree(out.resolve("model.json").toFile());
        assertTrue(card.at("/results/test_accuracy").asDouble() >= 0.97, card.toPrettyString());
    }

    @Test
    void theProjectsModelIsAtLeast097() {
        CliRunner r = CliRunner.run("evaluate", "--data", TestData.mnistDir().toString(), "--min-accuracy", "0.97");
        assertEquals(0, r.code(), r.out() + r.err());
    }
}
