package scratchnet.jobs.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import scratchnet.core.TestData;
import scratchnet.core.io.WeightsFile;
import scratchnet.core.net.Network;
import scratchnet.jobs.evaluation.EvaluationJob;
import scratchnet.jobs.io.FileDigests;
import scratchnet.jobs.spark.LocalSpark;

/** The project's own model: shipped in the jar, evaluate's default, as good as its model.json says. */
class ProjectModelTest {

    @Test
    void evaluateWithoutWeightsEvaluatesTheProjectsModel() throws Exception {
        JsonNode card = new ObjectMapper().readTree(ProjectModel.card());
        assertEquals(FileDigests.sha256(ProjectModel.weights()), card.get("weights_sha256").asText());
        assertEquals("784-50-100-10", card.at("/hyperparameters/network").asText());
        double recorded = card.at("/results/test_accuracy").asDouble();
        assertTrue(recorded >= 0.97, "the project's model must reach 0.97: " + recorded);
        Network net = WeightsFile.readNetwork(ProjectModel.weights(), ProjectModel.WEIGHTS);
        assertEquals("784-50-100-10", net.sizes().toString());

        // evaluate without --weights (CliTest runs the command line itself), on the tests' Spark context
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8); PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            EvaluationJob.run(LocalSpark.context(), new EvaluationJob.Settings(TestData.mnistDir().toString(), null, 100, 0, null, "run", Instant.now(),
                    null, null, false, null), o, e);
        }
        assertEquals("Accuracy:" + recorded, out.toString(StandardCharsets.UTF_8).lines().findFirst().orElse(""));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("weights: the project's model"), err.toString(StandardCharsets.UTF_8));
    }
}
