package scratchnet.jobs.scoring;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

import scratchnet.core.net.Network;
import scratchnet.jobs.io.DirectoryOutput;
import scratchnet.jobs.spark.SparkJobs;

/**
 * {@code predict}: scores an {@link ImageTable} with a {@link BatchScoring} and writes one row
 * per image through Spark SQL's writers: {@code index} (long), {@code label} (int, when the data
 * has labels), {@code prediction} (int), {@code probability} (the softmax as {@code array<float>}:
 * any Parquet reader understands it, where a spark.ml vector is a struct only Spark decodes; CSV
 * holds no arrays, so there it is the same array as JSON text) and {@code correct} (boolean, with
 * labels). The output directory appears whole or not at all ({@link DirectoryOutput}).
 */
public final class Prediction {
    /** What {@code predict}'s output directories hold, as their marker names it ({@link DirectoryOutput#MARKER}). */
    public static final String KIND = "predict table";
    /** The output formats. */
    public static final List<String> FORMATS = List.of("parquet", "csv");

    /**
     * What was written.
     *
     * @param uri     the output directory, qualified
     * @param rows    rows written
     * @param correct rows predicted right, or {@code -1} without labels
     */
    public record Summary(String uri, long rows, long correct) {
    }

    private Prediction() {
    }

    /**
     * @param images    the table of images ({@link ImageTable})
     * @param network   the weights
     * @param batchSize images scored together
     * @param out       the output directory
     * @param format    {@code parquet} or {@code csv}
     * @param overwrite whether an existing output may be replaced
     * @return what was written, read back from the output
     */
    public static Summary write(Dataset<Row> images, Network network, int batchSize, String out, String format, boolean overwrite) {
        SparkSession spark = images.sparkSession();
        boolean labelled = List.of(images.schema().fieldNames()).contains(ImageTable.LABEL);
        Dataset<Row> scored = BatchScoring.transform(images, network, batchSize, ImageTable.IMAGE, "rawPrediction", "probability", "prediction");
        Column probability = org.apache.spark.ml.functions.vector_to_array(col("probability"), "float32");
        List<Column> columns = new ArrayList<>(List.of(col(ImageTable.INDEX)));
        if (labelled) {
            columns.add(col(ImageTable.LABEL));
        }
        columns.add(col("prediction").cast(DataTypes.IntegerType).as("prediction"));
        columns.add((format.equals("csv") ? to_json(probability) : probability).as("probability"));
        if (labelled) {
            columns.add(col(ImageTable.LABEL).equalTo(col("prediction").cast(DataTypes.IntegerType)).as("correct"));
        }
        Dataset<Row> rows = scored.select(columns.toArray(Column[]::new));
        String uri = DirectoryOutput.write(out, KIND, overwrite, spark.sparkContext().hadoopConfiguration(),
                tmp -> SparkJobs.settleOnFailure(spark.sparkContext(),
                        () -> rows.write().mode(SaveMode.ErrorIfExists).format(format).option("header", "true").save(tmp))).toString();

        Dataset<Row> written = spark.read().format(format).option("header", "true").load(uri);
        Column right = labelled ? sum(when(col("correct").cast(DataTypes.BooleanType), 1).otherwise(0)) : lit(-1L);
        Row totals = written.agg(count(lit(1)), right).first();
        return new Summary(uri, totals.getLong(0), ((Number) totals.get(1)).longValue());
    }
}
