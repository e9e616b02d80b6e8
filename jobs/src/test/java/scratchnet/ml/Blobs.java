package scratchnet.ml;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import scratchnet.jobs.spark.LocalSpark;
import scratchnet.jobs.spark.SparkJobs;

/**
 * A small table that is not MNIST: {@code classes} Gaussian blobs in {@code width} dimensions,
 * one row per point, its features as a dense vector ({@code features}), the same as a sparse
 * vector ({@code sparse}) and as {@code array<double>} ({@code values}), its class as a double
 * ({@code label}), in two partitions.
 */
final class Blobs {
    private Blobs() {
    }

    static SparkSession spark() {
        return SparkJobs.session(LocalSpark.context());
    }

    static Dataset<Row> table(int rows, int width, int classes, long seed) {
        Random rng = new Random(seed);
        double[][] centers = new double[classes][width];
        for (double[] c : centers) {
            for (int j = 0; j < width; j++) {
                c[j] = rng.nextGaussian() * 2;
            }
        }
        List<Row> out = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            int k = i % classes;
            double[] x = new double[width];
            for (int j = 0; j < width; j++) {
                // every third value zero: the sparse form has something to skip
                x[j] = j % 3 == 2 ? 0 : centers[k][j] + rng.nextGaussian() * 0.5;
            }
            Double[] boxed = new Double[width];
            for (int j = 0; j < width; j++) {
                boxed[j] = x[j];
            }
            out.add(RowFactory.create(Vectors.dense(x), Vectors.dense(x).toSparse(), boxed, (double) k));
        }
        StructType schema = new StructType().add("features", SQLDataTypes.VectorType(), false)
                .add("sparse", SQLDataTypes.VectorType(), false)
                .add("values", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
                .add("label", DataTypes.DoubleType, false);
        return spark().createDataFrame(LocalSpark.context().parallelize(out, 2), schema);
    }
}
