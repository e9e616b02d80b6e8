package scratchnet.jobs.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import scratchnet.core.TestData;
import scratchnet.core.io.WeightsFile;
import scratchnet.core.net.Network;
import scratchnet.jobs.cli.CliRunner;
import scratchnet.jobs.io.FileDigests;
import scratchnet.jobs.spark.LocalSpark;

/** The project's own model: shipped in the jar, evaluate's default, as good as its model.json says. */
class ProjectModelTest {

    @BeforeAll
    static void spark() {
        LocalSpark.stop();
    }

    @Test
    void evaluateWithoutWeightsEvaluatesTheProjectsModel() throws Exception {
        JsonNode card = new ObjectMapper().readTree(ProjectModel.card());
        assertEquals(FileDigests.sha256(ProjectModel.weights()), card.get("weights_sha256").asText());
        assertEquals("784-50-100-10", card.at("/hyperparameters/network").asText());
        double recorded = card.at("/results/test_accuracy").asDouble();
        assertTrue(recorded >= 0.97, "the project's model must reach 0.97: " + recorded);
        Network net = WeightsFile.readNetwork(ProjectModel.weights(), ProjectModel.WEIGHTS);
        assertEquals("784-50-100-10", net.sizes().toString());

        CliRunner r = CliRunner.run("evaluate", "--data", TestData.mnistDir().toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("Accuracy:" + recorded, r.out().lines().findFirst().orElse(""));
        assertTrue(r.err().contains("weights: the project's model"), r.err());
    }
}
