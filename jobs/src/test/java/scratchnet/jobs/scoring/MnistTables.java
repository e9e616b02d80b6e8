package scratchnet.jobs.scoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import scratchnet.core.TestData;
import scratchnet.core.data.MnistSet;
import scratchnet.jobs.io.MnistBatch;
import scratchnet.jobs.io.MnistSource;
import scratchnet.jobs.spark.LocalSpark;
import scratchnet.jobs.spark.SparkJobs;

/** The MNIST test set as the tables a data engineer would hold: one row per image. */
public final class MnistTables {
    /** The tables {@link #parquet} wrote, by {@code n} and kind: written once per JVM, read by every test that needs them. */
    private static final Map<String, String> WRITTEN = new HashMap<>();
    private static Path dir;
    private static MnistBatch testSet;

    private MnistTables() {
    }

    /**
     * {@link #images} written as a one-file Parquet table (rows in index order), once per JVM:
     * building 10,000 rows of 784 boxed floats on the driver is most of what a test of tables costs.
     *
     * @return the table's path
     */
    public static synchronized String parquet(int n, boolean asFloats) {
        return WRITTEN.computeIfAbsent(n + (asFloats ? "-floats" : "-bytes"), name -> {
            try {
                if (dir == null) {
                    dir = Files.createTempDirectory("mnist-tables");
                    Path created = dir;
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(created)));
                }
                String table = dir.resolve(name).toString();
                images(n, asFloats).coalesce(1).write().parquet(table);
                return table;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static void delete(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }

    public static SparkSession spark() {
        return SparkJobs.session(LocalSpark.context());
    }

    /** @return the test set, read on the driver (once per JVM) */
    public static synchronized MnistBatch testSet() {
        if (testSet == null) {
            SparkSession spark = spark();
            MnistSource test = MnistSource.open(TestData.mnistDir().toString(), false, spark.sparkContext().hadoopConfiguration());
            testSet = test.read(0, test.count(), spark.sparkContext().hadoopConfiguration());
        }
        return testSet;
    }

    /** @return {@code n} test images as rows of {@code label} (int) and {@code image} (binary, or {@code array<float>} in [0, 1]) */
    public static Dataset<Row> images(int n, boolean asFloats) {
        MnistBatch all = testSet();
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] pixels = new byte[MnistSet.PIXELS];
            System.arraycopy(all.images(), i * MnistSet.PIXELS, pixels, 0, pixels.length);
            Object image = pixels;
            if (asFloats) {
                float[] x = MnistSet.normalize(pixels, 0, pixels.length);
                Float[] values = new Float[x.length];
                for (int k = 0; k < x.length; k++) {
                    values[k] = x[k];
                }
                image = values;
            }
            rows.add(RowFactory.create((int) all.labels()[i], image));
        }
        StructType schema = new StructType().add("label", DataTypes.IntegerType, false)
                .add("image", asFloats ? DataTypes.createArrayType(DataTypes.FloatType, false) : DataTypes.BinaryType, false);
        return spark().createDataFrame(rows, schema);
    }
}
