package scratchnet.jobs.scoring;

import java.util.ArrayList;
import java.util.List;

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
final class MnistTables {

    private MnistTables() {
    }

    static SparkSession spark() {
        return SparkJobs.session(LocalSpark.context());
    }

    /** @return the test set, read on the driver */
    static MnistBatch testSet() {
        SparkSession spark = spark();
        MnistSource test = MnistSource.open(TestData.mnistDir().toString(), false, spark.sparkContext().hadoopConfiguration());
        return test.read(0, test.count(), spark.sparkContext().hadoopConfiguration());
    }

    /** @return {@code n} test images as rows of {@code label} (int) and {@code image} (binary, or {@code array<float>} in [0, 1]) */
    static Dataset<Row> images(int n, boolean asFloats) {
        MnistBatch all = testSet();
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] pixels = new byte[MnistSet.PIXELS];
            System.arraycopy(all.images(), i * MnistSet.PIXELS, pixels, 0, pixels.length);
            Object image = pixels;
            if (asFloats) {
                float[] x = MnistSet.normalize(pixels, 0, pixels.length);
                List<Float> values = new ArrayList<>(x.length);
                for (float v : x) {
                    values.add(v);
                }
                image = values.toArray();
            }
            rows.add(RowFactory.create((int) all.labels()[i], image));
        }
        StructType schema = new StructType().add("label", DataTypes.IntegerType, false)
                .add("image", asFloats ? DataTypes.createArrayType(DataTypes.FloatType, false) : DataTypes.BinaryType, false);
        return spark().createDataFrame(rows, schema);
    }
}
