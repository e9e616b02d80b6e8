package scratchnet.jobs.scoring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import scratchnet.core.BadInputException;
import scratchnet.core.TestData;
import scratchnet.core.io.WeightsFile;
import scratchnet.core.net.Network;
import scratchnet.ml.ScratchnetModel;

/** The network as MLlib's {@code MultilayerPerceptronClassificationModel}, and back. */
class MllibModelsTest {
    private static SparkSession spark;
    private static Configuration conf;
    private static Network network;

    @BeforeAll
    static void setUp() {
        spark = MnistTables.spark();
        conf = spark.sparkContext().hadoopConfiguration();
        network = WeightsFile.readNetwork(TestData.sampleWeights());
    }

    @Test
    void mllibsOwnTransformPredictsAsScratchnetForEveryTestImage(@TempDir Path dir) throws Exception {
        String saved = dir.resolve("mlp").toString();
        MllibModels.toMllib(network).write().save(saved);
        MultilayerPerceptronClassificationModel mllib = MultilayerPerceptronClassificationModel.load(saved);
        assertArrayEquals(new int[] {784, 50, 100, 10}, mllib.getLayers());

        // MLlib wants a vector column: the same images as doubles in [0, 1]
        Dataset<Row> images = spark.read().parquet(MnistTables.parquet(10_000, true))
                .withColumn("features", org.apache.spark.ml.functions.array_to_vector(org.apache.spark.sql.functions.col("image")));
        List<Row> theirs = mllib.transform(images).select("prediction").collectAsList();
        List<Row> ours = new ScratchnetModel(network).transform(images.drop("image")).select("prediction", "label").collectAsList();
        int correct = 0;
        for (int i = 0; i < ours.size(); i++) {
            assertEquals(ours.get(i).getDouble(0), theirs.get(i).getDouble(0), "image " + i);
            correct += ours.get(i).getDouble(0) == ours.get(i).getInt(1) ? 1 : 0;
        }
        assertEquals(10_000, ours.size());
        assertEquals(9352, correct);
    }

    @Test
    void aSavedModelIsReadBackBitForBitAsWeights(@TempDir Path dir) {
        String saved = dir.resolve("mlp").toString();
        save(MllibModels.toMllib(network), saved);
        assertEquals(MllibModels.MODEL_CLASS, MllibModels.savedModelClass(new org.apache.hadoop.fs.Path(saved), conf));
        assertNull(MllibModels.savedModelClass(new org.apache.hadoop.fs.Path(TestData.sampleWeights().toString()), conf));
        NetworkFiles.Loaded loaded = NetworkFiles.read(saved, conf);
        assertEquals(network.sizes(), loaded.network().sizes());
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(network.weights(i), loaded.network().weights(i));
            assertArrayEquals(network.biases(i), loaded.network().biases(i));
        }
        assertTrue(loaded.source().startsWith("file:"), loaded.source());
    }

    @Test
    void aModelOfOtherLayersIsBadInput(@TempDir Path dir) {
        MultilayerPerceptronClassificationModel other = new MultilayerPerceptronClassificationModel("mlpc_other", Vectors.zeros(4 * 3 + 3 + 3 * 2 + 2));
        MultilayerPerceptronClassificationModel small = other.copy(new ParamMap().put(other.layers(), new int[] {4, 3, 2}));
        String saved = dir.resolve("other-layers").toString();
        save(small, saved);
        BadInputException e = assertThrows(BadInputException.class, () -> NetworkFiles.read(saved, conf));
        assertTrue(e.getMessage().endsWith("other-layers: an MLlib model of layers [4, 3, 2], not 784-...-10: it does not classify MNIST digits"),
                e.getMessage());
    }

    private static void save(MultilayerPerceptronClassificationModel model, String uri) {
        try {
            model.write().save(uri);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
