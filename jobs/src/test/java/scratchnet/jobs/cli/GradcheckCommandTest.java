package scratchnet.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import scratchnet.core.TestData;
import scratchnet.core.io.WeightsFile;
import scratchnet.core.net.Network64;
import scratchnet.core.net.Network;
import scratchnet.jobs.gradcheck.GradientCheck;
import scratchnet.jobs.io.MnistBatch;
import scratchnet.jobs.io.MnistSource;
import scratchnet.jobs.spark.LocalSpark;

/** {@code gradcheck}: the numerical gradient spread over Spark tasks, against golden and against one process. */
class GradcheckCommandTest {
    private static final JsonNode GOLDEN = TestData.golden().get("ch4_gradient_check_3layer");

    @Test
    void theDistributedNumericalGradientIsTheSingleProcessOneBitForBitAndGoldensDifferences() {
        Network book = WeightsFile.readNetwork(TestData.sampleWeights());
        MnistSource train = MnistSource.open(TestData.mnistDir().toString(), true, LocalSpark.context().hadoopConfiguration());
        MnistBatch batch = train.read(0, 3, LocalSpark.context().hadoopConfiguration());
        GradientCheck.Result r = GradientCheck.check(LocalSpark.context(), book, batch, 7);

        double[] x = new double[3 * 784];
        for (int i = 0; i < x.length; i++) {
            x[i] = (batch.images()[i] & 0xFF) / 255f;
        }
        int[] t = {batch.labels()[0], batch.labels()[1], batch.labels()[2]};
        Network64 net = Network64.of(book);
        double[] single = net.numericalGradient(0, net.parameterCount(), x, t, 3);
        int at = 0;
        for (int i = 0; i < r.numerical().arrayCount(); i++) {
            double[] part = java.util.Arrays.copyOfRange(single, at, at + r.numerical().array(i).length);
            assertArrayEquals(part, r.numerical().array(i), 0.0, Network64.key(i));
            at += part.length;
        }
        for (String key : List.of("W1", "b1", "W2", "b2", "W3", "b3")) {
            double golden = GOLDEN.at("/mean_abs_diff/" + key).asDouble();
            assertEquals(golden, r.meanAbs().get(key), golden * 0.02, key);
        }
    }

    @Test
    void printsTheMeanDifferencePerParameterAsTheBook() {
        LocalSpark.stop();
        CliRunner r = CliRunner.run("gradcheck", "--weights", TestData.sampleWeights().toString(), "--data", TestData.mnistDir().toString(),
                "--partitions", "5");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(6, lines.size(), r.out());
        for (int i = 0; i < 6; i++) {
            String key = Network64.key(i);
            assertTrue(lines.get(i).startsWith(key + ":"), lines.get(i));
            double v = Double.parseDouble(lines.get(i).substring(key.length() + 1));
            double golden = GOLDEN.at("/mean_abs_diff/" + key).asDouble();
            assertEquals(golden, v, golden * 0.02, key);
        }
        assertTrue(r.err().contains("45360 parameters of 784-50-100-10, 3 images"), r.err());

        CliRunner bad = CliRunner.run("gradcheck", "--samples", "0");
        assertEquals(2, bad.code());
        assertTrue(bad.oneErrorLine() && bad.err().contains("--samples must be at least 1, got 0"), bad.err());
    }
}
