package scratchnet.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import scratchnet.core.TestData;
import scratchnet.core.data.Mnist;
import scratchnet.core.data.MnistSet;
import scratchnet.core.io.WeightsFile;
import scratchnet.core.net.Params;
import scratchnet.jobs.spark.LocalSpark;
import scratchnet.jobs.spark.SparkJobs;
import scratchnet.jobs.training.TrainingFixture;

/**
 * {@code train --data TABLE}: MNIST's images as a Parquet table train to the same bits as the same
 * images from IDX files, in the same order and partitions; a bad row is one line naming it.
 */
class TrainTableTest {
    private static final int TRAIN = 1200;
    private static final int TEST = 300;

    @TempDir
    static Path tmp;
    private static Path idx;
    private static Path table;
    private static Path testTable;

    /** The first images of each MNIST split as IDX files, and as Parquet tables (one file each, rows in index order). */
    @BeforeAll
    static void data() throws IOException {
        MnistSet train = Mnist.readSet(TestData.mnistDir(), true);
        MnistSet test = Mnist.readSet(TestData.mnistDir(), false);
        idx = Files.createDirectories(tmp.resolve("idx"));
        writeIdx(idx, "train", train, TRAIN);
        writeIdx(idx, "t10k", test, TEST);
        SparkSession spark = SparkJobs.session(LocalSpark.context());
        table = tmp.resolve("train.parquet");
        testTable = tmp.resolve("test.parquet");
        rows(spark, train, TRAIN).coalesce(1).write().parquet(table.toString());
        rows(spark, test, TEST).coalesce(1).write().parquet(testTable.toString());
        LocalSpark.stop(); // the commands start their own
    }

    private static void writeIdx(Path dir, String prefix, MnistSet set, int n) throws IOException {
        ByteBuffer images = ByteBuffer.allocate(16 + n * MnistSet.PIXELS).putInt(2051).putInt(n).putInt(28).putInt(28)
                .put(set.images(), 0, n * MnistSet.PIXELS);
        Files.write(dir.resolve(prefix + "-images-idx3-ubyte"), images.array());
        ByteBuffer labels = ByteBuffer.allocate(8 + n).putInt(2049).putInt(n).put(set.labels(), 0, n);
        Files.write(dir.resolve(prefix + "-labels-idx1-ubyte"), labels.array());
    }

    /** @return the first {@code n} images as rows of {@code digit} (int) and {@code pixels} (binary) */
    private static org.apache.spark.sql.Dataset<Row> rows(SparkSession spark, MnistSet set, int n) {
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rows.add(RowFactory.create(set.label(i), Arrays.copyOfRange(set.images(), i * MnistSet.PIXELS, (i + 1) * MnistSet.PIXELS)));
        }
        StructType schema = new StructType().add("digit", DataTypes.IntegerType, false).add("pixels", DataTypes.BinaryType, false);
        return spark.createDataFrame(rows, schema);
    }

    private static String[] train(Path out, String... data) {
        List<String> args = new ArrayList<>(List.of("train", "--iters", "24", "--batch-size", "50", "--partitions", "2", "--seed", "5",
                "--optimizer", "momentum", "--out", out.toString()));
        args.addAll(List.of(data));
        return args.toArray(String[]::new);
    }

    @Test
    void mnistAsATableTrainsToTheSameBitsAsFromIdx() throws Exception {
        Path fromIdx = tmp.resolve("from-idx");
        Path fromTable = tmp.resolve("from-table");
        CliRunner a = CliRunner.run(train(fromIdx, "--data", idx.toString()));
        assertEquals(0, a.code(), a.err());
        CliRunner b = CliRunner.run(train(fromTable, "--data", table.toString(), "--format", "parquet", "--image-col", "pixels",
                "--label-col", "digit", "--test-data", testTable.toString()));
        assertEquals(0, b.code(), b.err());
        TrainingFixture.assertSameWeights(Params.of(WeightsFile.readNetwork(fromIdx.resolve("weights.npz"))),
                Params.of(WeightsFile.readNetwork(fromTable.resolve("weights.npz"))), "from a table");
        // the same test set: the same accuracy lines
        assertEquals(a.out().lines().filter(l -> l.contains("acc")).toList(), b.out().lines().filter(l -> l.contains("acc")).toList());
        JsonNode data = new ObjectMapper().readTree(fromTable.resolve("model.json").toFile()).get("data");
        assertEquals("parquet", data.get("format").asText());
        assertEquals(TRAIN, data.get("train_images").asInt());
        assertEquals(TEST, data.get("test_images").asInt());
    }

    @Test
    void aTableWithoutATestSetTrainsAndABadLabelIsOneLineNamingItsRow() throws Exception {
        CliRunner none = CliRunner.run(train(tmp.resolve("no-test"), "--data", table.toString(), "--image-col", "pixels",
                "--label-col", "digit", "--train-accuracy", "off"));
        assertEquals(0, none.code(), none.err());

        Path bad = tmp.resolve("bad.parquet");
        SparkSession spark = SparkJobs.session(LocalSpark.context());
        spark.read().parquet(table.toString()).selectExpr("IF(monotonically_increasing_id() = 700, 10, digit) AS digit", "pixels")
                .coalesce(1).write().parquet(bad.toString());
        LocalSpark.stop();
        CliRunner r = CliRunner.run(train(tmp.resolve("bad"), "--data", bad.toString(), "--image-col", "pixels", "--label-col", "digit"));
        assertEquals(2, r.code(), r.err());
        assertTrue(r.oneErrorLine() && r.err().contains("row 700: column 'digit': label 10.0 is not a class 0-9"), r.err());
    }
}
