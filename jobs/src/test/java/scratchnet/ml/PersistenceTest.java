package scratchnet.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import scratchnet.core.net.Params;
import scratchnet.jobs.scoring.NetworkFiles;
import scratchnet.jobs.spark.LocalSpark;
import scratchnet.jobs.training.TrainingFixture;

/** The model and the classifier save and load as MLlib's stages do, alone and in a {@code PipelineModel}; {@code --weights DIR} reads a saved model. */
class PersistenceTest {
    private static Dataset<Row> blobs;

    @TempDir
    Path tmp;

    @BeforeAll
    static void data() {
        blobs = Blobs.table(240, 6, 3, 11).cache();
    }

    private static ScratchnetClassifier tiny() {
        return new ScratchnetClassifier().setLayers(new int[] {6, 5, 3}).setStepSize(0.5).setBatchSize(20).setMaxIter(10).setSeed(2L)
                .setInit("he");
    }

    private static List<Row> scores(Dataset<Row> scored) {
        return scored.select("rawPrediction", "probability", "prediction").collectAsList();
    }

    @Test
    void aSavedModelLoadsWithItsParamsAndWeightsAndPredictsTheSame() throws Exception {
        ScratchnetModel model = tiny().fit(blobs).setProbabilityCol("p").setBatchSize(7);
        String dir = tmp.resolve("model").toString();
        model.write().save(dir);
        model.write().overwrite().save(dir);
        assertTrue(Files.isRegularFile(tmp.resolve("model").resolve(NetworkFiles.SAVED_WEIGHTS)));
        ScratchnetModel back = ScratchnetModel.load(dir);
        assertEquals(model.uid(), back.uid());
        assertEquals("p", back.getProbabilityCol());
        assertEquals(7, back.getBatchSize());
        TrainingFixture.assertSameWeights(Params.of(model.network()), Params.of(back.network()), "after save and load");
        assertEquals(model.transform(blobs).select("p").collectAsList(), back.transform(blobs).select("p").collectAsList());

    }

    @Test
    void weightsOptionReadsASavedModelDirectory() throws Exception {
        scratchnet.core.net.Network book = scratchnet.core.io.BookWeights.network();
        String dir = tmp.resolve("book").toString();
        new ScratchnetModel(book).write().save(dir);
        NetworkFiles.Loaded loaded = NetworkFiles.read(dir, LocalSpark.context().hadoopConfiguration());
        TrainingFixture.assertSameWeights(Params.of(book), Params.of(loaded.network()), "through --weights DIR");
        assertTrue(loaded.source().endsWith(NetworkFiles.SAVED_WEIGHTS), loaded.source());
    }

    @Test
    void aSavedClassifierKeepsItsParams() throws Exception {
        ScratchnetClassifier c = tiny().setOptimizer("adagrad").setFeaturesCol("values");
        String dir = tmp.resolve("classifier").toString();
        c.write().save(dir);
        ScratchnetClassifier back = ScratchnetClassifier.load(dir);
        assertEquals(c.uid(), back.uid());
        assertArrayEquals(new int[] {6, 5, 3}, back.getLayers());
        assertEquals("adagrad", back.getOptimizer());
        assertEquals(0.5, back.getStepSize());
        assertEquals(20, back.getBatchSize());
        assertEquals(10, back.getMaxIter());
        assertEquals(2L, back.getSeed());
        assertEquals("he", back.getInit());
        assertEquals("values", back.getFeaturesCol());
    }

    @Test
    void aPipelineModelSavesAndLoadsWithMllibsOwnClassesAndPredictsIdentically() throws Exception {
        SQLTransformer scale = new SQLTransformer().setStatement("SELECT *, transform(values, v -> v * 0.5) AS half FROM __THIS__");
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {scale, tiny().setFeaturesCol("half")});
        String dir = tmp.resolve("pipeline").toString();
        pipeline.write().save(tmp.resolve("pipeline-unfitted").toString());
        Pipeline unfitted = Pipeline.load(tmp.resolve("pipeline-unfitted").toString());
        assertEquals(ScratchnetClassifier.class, unfitted.getStages()[1].getClass());

        PipelineModel fitted = pipeline.fit(blobs);
        fitted.write().save(dir);
        PipelineModel back = PipelineModel.load(dir);
        assertEquals(ScratchnetModel.class, back.stages()[1].getClass());
        assertEquals(scores(fitted.transform(blobs)), scores(back.transform(blobs)));
    }
}
