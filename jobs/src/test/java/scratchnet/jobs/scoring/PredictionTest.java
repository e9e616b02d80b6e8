package scratchnet.jobs.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import scratchnet.core.BadInputException;
import scratchnet.core.TestData;
import scratchnet.core.io.WeightsFile;
import scratchnet.core.net.Network;
import scratchnet.jobs.io.MnistSource;

/** {@code predict}'s job: the written table read back with Spark. */
class PredictionTest {
    private static SparkSession spark;
    private static Network network;
    /** Where {@link #predictions} writes the test set's predictions, once for the class. */
    @TempDir
    static Path shared;
    private static Prediction.Summary predicted;

    @BeforeAll
    static void setUp() {
        spark = MnistTables.spark();
        network = WeightsFile.readNetwork(TestData.sampleWeights());
    }

    private static Dataset<Row> mnist() {
        MnistSource test = MnistSource.open(TestData.mnistDir().toString(), false, spark.sparkContext().hadoopConfiguration());
        return ImageTable.fromMnist(spark, test, 100, 3);
    }

    /** The test set's predictions as Parquet, written on first use into {@link #shared}; two tests read them. */
    private static synchronized Prediction.Summary predictions() {
        if (predicted == null) {
            predicted = Prediction.write(mnist(), network, 100, shared.resolve("predictions").toString(), "parquet", false);
        }
        return predicted;
    }

    @Test
    void theTestSetGivesTenThousandRowsAnd9352Correct() {
        Path dir = shared;
        Prediction.Summary s = predictions();
        String out = s.uri();
        assertEquals(10_000, s.rows());
        assertEquals(9352, s.correct());
        assertTrue(Files.exists(dir.resolve("predictions/_SUCCESS")));

        Dataset<Row> back = spark.read().parquet(out);
        StructType expected = new StructType().add("index", DataTypes.LongType).add("label", DataTypes.IntegerType)
                .add("prediction", DataTypes.IntegerType).add("probability", DataTypes.createArrayType(DataTypes.FloatType, false))
                .add("correct", DataTypes.BooleanType);
        assertEquals(expected.simpleString(), back.schema().simpleString());
        assertEquals(10_000, back.count());
        assertEquals(9352, back.filter("correct").count());
        assertEquals(10_000, back.select("index").distinct().count());
        assertEquals(9999L, back.agg(org.apache.spark.sql.functions.max("index")).first().getLong(0));
        Row first = back.filter("index = 0").first();
        assertEquals(7, first.getInt(first.fieldIndex("label")));
        assertEquals(10, first.getList(first.fieldIndex("probability")).size());
        // nothing beside the output
        assertEquals(List.of("predictions"), List.of(dir.toFile().list()));
    }

    @Test
    void mnistAsAParquetTableGivesTheSamePredictions(@TempDir Path dir) {
        String fromIdx = predictions().uri();
        for (boolean floats : new boolean[] {false, true}) {
            String table = MnistTables.parquet(10_000, floats);
            String out = dir.resolve("from-table-" + floats).toString();
            Prediction.Summary s = Prediction.write(ImageTable.fromParquet(spark, table, "image", "label"), network, 100, out, "parquet", false);
            assertEquals(9352, s.correct());
            Dataset<Row> a = spark.read().parquet(fromIdx).select("index", "prediction", "probability");
            Dataset<Row> b = spark.read().parquet(out).select("index", "prediction", "probability");
            assertEquals(0, a.exceptAll(b).count(), "images as " + (floats ? "array<float>" : "binary"));
            assertEquals(10_000, b.count());
        }
    }

    @Test
    void csvHoldsTheProbabilityAsJsonText(@TempDir Path dir) {
        String out = dir.resolve("csv").toString();
        Prediction.Summary s = Prediction.write(mnist().limit(500), network, 100, out, "csv", false);
        assertEquals(500, s.rows());
        Row first = spark.read().option("header", "true").csv(out).filter("index = 0").first();
        assertEquals("7", first.getString(first.fieldIndex("prediction")));
        assertTrue(first.getString(first.fieldIndex("probability")).matches("\\[([-0-9.Ee]+,){9}[-0-9.Ee]+\\]"), first.toString());
        assertEquals("true", first.getString(first.fieldIndex("correct")));
    }

    @Test
    void anExistingOutputIsKeptWithoutOverwriteAndReplacedWholeWithIt(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        Files.writeString(out.resolve("keep.txt"), "earlier");
        BadInputException e = assertThrows(BadInputException.class, () -> Prediction.write(mnist(), network, 100, out.toString(), "parquet", false));
        assertTrue(e.getMessage().endsWith("already exists (use --overwrite to replace it)"), e.getMessage());
        assertTrue(Files.exists(out.resolve("keep.txt")));

        Prediction.write(mnist(), network, 100, out.toString(), "parquet", true);
        assertFalse(Files.exists(out.resolve("keep.txt")));
        assertEquals(10_000, spark.read().parquet(out.toString()).count());
        assertEquals(List.of("out"), List.of(dir.toFile().list()));
    }

    @Test
    void aBadLabelOrImageIsNamedByItsRowAndNothingIsWritten(@TempDir Path dir) {
        String table = dir.resolve("table").toString();
        MnistTables.images(300, false).selectExpr("CASE WHEN label = 7 THEN 12 ELSE label END AS label", "image").coalesce(1).write().parquet(table);
        String out = dir.resolve("out").toString();
        Exception e = assertThrows(Exception.class,
                () -> Prediction.write(ImageTable.fromParquet(spark, table, "image", "label"), network, 100, out, "parquet", false));
        assertTrue(rootMessage(e).endsWith(", row 0: column 'label': label 12 is not a digit 0-9"), rootMessage(e));
        assertFalse(Files.exists(dir.resolve("out")));
        assertEquals(List.of("table"), List.of(dir.toFile().list()));

        String shortImages = dir.resolve("short").toString();
        MnistTables.images(3, false).selectExpr("label", "substring(image, 1, 783) AS image").write().parquet(shortImages);
        e = assertThrows(Exception.class,
                () -> Prediction.write(ImageTable.fromParquet(spark, shortImages, "image", null), network, 100, out, "parquet", false));
        assertTrue(rootMessage(e).contains("column 'image': an image of 783 values, expected 784"), rootMessage(e));

        BadInputException wrongType = assertThrows(BadInputException.class, () -> ImageTable.fromParquet(spark, table, "label", null));
        assertTrue(wrongType.getMessage().startsWith("column 'label' is int: an image is binary"), wrongType.getMessage());
    }

    private static String rootMessage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BadInputException) {
                return t.getMessage();
            }
        }
        return String.valueOf(e);
    }
}
