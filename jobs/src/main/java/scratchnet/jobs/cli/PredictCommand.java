package scratchnet.jobs.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import scratchnet.core.data.MnistFile;
import scratchnet.core.text.PythonFormat;
import scratchnet.jobs.scoring.ProjectModel;
import scratchnet.jobs.io.DataDirs;
import scratchnet.jobs.io.HadoopFiles;
import scratchnet.jobs.io.MnistSource;
import scratchnet.jobs.scoring.ImageTable;
import scratchnet.jobs.scoring.NetworkFiles;
import scratchnet.jobs.scoring.Prediction;
import scratchnet.jobs.spark.SparkJobs;

/**
 * {@code predict}: scores every image of the MNIST test set, or of a Parquet table of images, on
 * the executors and writes one row per image (Parquet by default, or CSV) with Spark SQL
 * ({@link Prediction}). {@code --data} is told by content: a directory holding MNIST's test files
 * is read as IDX, anything else as a Parquet table.
 */
@CommandLine.Command(name = "predict", description = {"Score every image; write one row per image as Parquet or CSV.",
        "Rows: index, label, prediction, probability, correct. Input: the MNIST test set (IDX), or a Parquet table with an image column."})
public final class PredictCommand implements Command {
    @Option(names = "--data", paramLabel = "URI",
            description = "The directory of MNIST's IDX files (raw or .gz), or a Parquet table of images; default: the cache.")
    private String dataUri;

    @Mixin
    private WeightsOption weights;

    @Option(names = "--out", paramLabel = "URI", required = true, description = "The output directory; it must not exist unless --overwrite.")
    private String outUri;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "parquet", converter = Formats.class, description = "parquet or csv.")
    private String format;

    @Option(names = "--overwrite", description = "Replace an existing output (only once the new one is complete).")
    private boolean overwrite;

    @Option(names = "--image-col", paramLabel = "NAME", defaultValue = ImageTable.IMAGE,
            description = "A Parquet input's image column: binary (784 bytes) or array<float> (784 values in [0, 1]).")
    private String imageCol;

    @Option(names = "--label-col", paramLabel = "NAME",
            description = "A Parquet input's label column (integers 0-9); default: 'label' when the table has one, else no labels.")
    private String labelCol;

    @Mixin
    private BatchSizeOption batch;

    @Mixin
    private PartitionsOption partitions;

    /** {@code --format}'s values. */
    static final class Formats extends Values.OneOf {
        Formats() {
            super(Prediction.FORMATS);
        }
    }

    @Override
    public void run(PrintStream out, PrintStream err) throws Exception {
        try (JavaSparkContext sc = SparkJobs.start(name())) {
            Configuration conf = sc.hadoopConfiguration();
            SparkSession spark = SparkJobs.session(sc);
            NetworkFiles.Loaded weights = this.weights.read(conf);
            Dataset<Row> images;
            if (dataUri == null || isMnist(dataUri, conf)) {
                MnistSource test = MnistSource.open(DataDirs.resolve(dataUri, err), false, conf);
                images = ImageTable.fromMnist(spark, test, batch.size, partitions.orElse(sc.defaultParallelism()));
            } else {
                String label = labelCol != null || !hasColumn(spark, dataUri, ImageTable.LABEL) ? labelCol : ImageTable.LABEL;
                images = ImageTable.fromParquet(spark, HadoopFiles.qualify(dataUri, conf).toString(), imageCol, label);
            }
            long began = System.nanoTime();
            Prediction.Summary s = Prediction.write(images, weights.network(), batch.size, outUri, format, overwrite);
            double seconds = (System.nanoTime() - began) / 1e9;
            if (s.correct() >= 0) {
                out.printf(Locale.ROOT, "wrote %d rows to %s (%s): %d correct, accuracy %s%n", s.rows(), s.uri(), format, s.correct(),
                        PythonFormat.repr((double) s.correct() / s.rows()));
            } else {
                out.printf(Locale.ROOT, "wrote %d rows to %s (%s), no labels%n", s.rows(), s.uri(), format);
            }
            out.printf(Locale.ROOT, "%.3f s (%.0f images/s), master %s%n", seconds, s.rows() / seconds, sc.master());
            if (this.weights.uri == null) {
                err.println("weights: " + ProjectModel.NAME);
            }
        }
    }

    /** @return whether a directory holds MNIST's test images (raw or gzipped) */
    private static boolean isMnist(String uri, Configuration conf) {
        Path dir = HadoopFiles.qualify(uri, conf);
        String images = MnistFile.images(false).fileName;
        return HadoopFiles.isFile(new Path(dir, images), conf) || HadoopFiles.isFile(new Path(dir, images + ".gz"), conf);
    }

    private static boolean hasColumn(SparkSession spark, String table, String column) {
        try {
            return List.of(spark.read().parquet(table).schema().fieldNames()).contains(column);
        } catch (RuntimeException e) {
            return false; // ImageTable says what is wrong with the table
        }
    }
}
