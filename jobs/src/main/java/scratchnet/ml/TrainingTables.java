package scratchnet.ml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;

import scala.Tuple2;

import scratchnet.core.BadInputException;
import scratchnet.core.data.SparseImages;
import scratchnet.jobs.io.HadoopFiles;
import scratchnet.jobs.io.ImageRanges;
import scratchnet.jobs.scoring.FeatureColumn;
import scratchnet.jobs.spark.ExecutorHook;
import scratchnet.jobs.training.TrainingData;
import scratchnet.jobs.training.TrainingSource;

/**
 * Tables as training reads them: each partition of a table's rows becomes one cached
 * {@link SparseImages} (a {@code binary} features column as bytes, any other as floats), every
 * row checked on the way (features of the network's input width, finite, not null; a label that is
 * a whole number {@code 0 … classes-1}), the first bad one named by its position. What
 * {@link ScratchnetClassifier#fit} trains on, and {@code train --data TABLE} ({@link #source}),
 * which cuts the table into consecutive ranges as it cuts MNIST's IDX files, so that the same
 * images in the same order train to the same bits.
 */
public final class TrainingTables {

    private TrainingTables() {
    }

    /**
     * @param rows     the rows, two columns: features, then label
     * @param kind     the features column's type
     * @param names    the features and label columns' names, for messages
     * @param width    values per row
     * @param classes  labels are {@code 0 … classes-1}
     * @param firsts   the index of each partition's first row in the table, or {@code null} when
     *                 rows are named by partition and position
     * @param source   the table, for messages
     * @return one part per partition of {@code rows}
     */
    static JavaRDD<SparseImages> parts(JavaRDD<Row> rows, FeatureColumn kind, String[] names, int width, int classes, long[] firsts,
                                       String source) {
        return rows.mapPartitionsWithIndex((p, it) -> List.of(part(it, p, kind, names, width, classes, firsts, source)).iterator(), true);
    }

    private static SparseImages part(Iterator<Row> it, int p, FeatureColumn kind, String[] names, int width, int classes, long[] firsts,
                                     String source) {
        boolean bytes = kind == FeatureColumn.BINARY;
        byte[] pixels = new byte[0];
        float[] values = new float[0];
        int[] labels = new int[64];
        float[] row = new float[width];
        int n = 0;
        while (it.hasNext()) {
            Row r = it.next();
            if (n == labels.length) {
                labels = Arrays.copyOf(labels, 2 * n);
            }
            try {
                if (bytes) {
                    byte[] b = kind.bytes(r, 0, names[0], width);
                    if (pixels.length < (n + 1) * width) {
                        pixels = Arrays.copyOf(pixels, Math.max(64, 2 * n) * width);
                    }
                    System.arraycopy(b, 0, pixels, n * width, width);
                } else {
                    kind.read(r, 0, names[0], row, 0, width);
                    if (values.length < (n + 1) * width) {
                        values = Arrays.copyOf(values, Math.max(64, 2 * n) * width);
                    }
                    System.arraycopy(row, 0, values, n * width, width);
                }
                labels[n] = label(r, names[1], classes);
            } catch (BadInputException e) {
                String where = firsts != null ? "row " + (firsts[p] + n) : "row " + n + " of partition " + p;
                throw new BadInputException(source + ", " + where + ": " + e.getMessage(), e);
            }
            n++;
        }
        int first = firsts != null ? (int) firsts[p] : 0;
        int[] l = Arrays.copyOf(labels, n);
        return bytes ? SparseImages.of(first, width, Arrays.copyOf(pixels, n * width), l)
                : SparseImages.ofDense(first, width, Arrays.copyOf(values, n * width), l);
    }

    private static int label(Row r, String column, int classes) {
        if (r.isNullAt(1)) {
            throw new BadInputException("column '" + column + "': the label is null");
        }
        double v = ((Number) r.get(1)).doubleValue();
        if (!(v >= 0 && v < classes && v == Math.rint(v))) {
            throw new BadInputException("column '" + column + "': label " + v + " is not a class 0-" + (classes - 1)
                    + " (the last layer is " + classes + " wide)");
        }
        return (int) v;
    }

    /**
     * @return a table's two columns, checked: features of a type the network reads, a numeric label
     * @throws BadInputException naming the column that is missing or of a wrong type
     */
    static JavaRDD<Row> select(Dataset<?> table, String featuresCol, String labelCol, String source) {
        FeatureColumn.of(table.schema(), featuresCol);
        if (!List.of(table.schema().fieldNames()).contains(labelCol)) {
            throw new BadInputException(source + ": no label column '" + labelCol + "' (the table has "
                    + String.join(", ", table.schema().fieldNames()) + ")");
        }
        DataType type = table.schema().apply(labelCol).dataType();
        if (!(type instanceof NumericType)) {
            throw new BadInputException(source + ": label column '" + labelCol + "' is " + type.simpleString() + ", not a number");
        }
        return table.toDF().select(featuresCol, labelCol).toJavaRDD();
    }

    /**
     * @param format a Spark data source: {@code parquet}, {@code orc}, {@code json}, {@code csv} (with a header), {@code delta}, …
     * @return the table at {@code uri}
     * @throws BadInputException when Spark cannot read it so
     */
    public static Dataset<Row> read(SparkSession spark, String uri, String format) {
        try {
            return spark.read().format(format).option("header", "true").option("inferSchema", "true").load(uri);
        } catch (Exception e) {
            // Scala declares no exceptions: Spark's AnalysisException (no such path, another format) is checked in Java
            if (e instanceof AnalysisException || e instanceof ClassNotFoundException) {
                throw new BadInputException(uri + ": not a " + format + " table: " + e.getMessage().lines().findFirst().orElse(""), e);
            }
            throw e;
        }
    }

    /**
     * A {@code train} run's data from tables: the training table cut into consecutive ranges of
     * rows in the order Spark reads it (as MNIST's IDX files are cut), the test table (or none)
     * spread over as many parts.
     *
     * @param train      the training table's URI
     * @param test       the test table's URI, or {@code null} for no test set
     * @param format     both tables' format
     * @param imageCol   the features column
     * @param labelCol   the label column
     * @param width      values per image
     * @param classes    classes
     */
    public static TrainingSource source(String train, String test, String format, String imageCol, String labelCol, int width, int classes) {
        return new TrainingSource() {
            @Override
            public TrainingData open(JavaSparkContext sc, int partitions, ExecutorHook onLoad) {
                SparkSession spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
                Configuration conf = sc.hadoopConfiguration();
                String trainUri = HadoopFiles.qualify(train, conf).toString();
                Dataset<Row> table = read(spark, trainUri, format);
                FeatureColumn kind = FeatureColumn.of(table.schema(), imageCol);
                JavaRDD<Row> rows = select(table, imageCol, labelCol, trainUri);
                long count = rows.count();
                if (count == 0) {
                    throw new BadInputException(trainUri + ": the table has no rows");
                }
                ImageRanges ranges = new ImageRanges((int) Math.min(count, Integer.MAX_VALUE), 1, partitions);
                long[] firsts = new long[ranges.size() + 1];
                for (int p = 0; p <= ranges.size(); p++) {
                    firsts[p] = p < ranges.size() ? ranges.first(p) : count;
                }
                JavaRDD<Row> cut = rows.zipWithIndex().mapToPair(t -> new Tuple2<>(t._2(), t._1()))
                        .repartitionAndSortWithinPartitions(new Consecutive(firsts)).values();
                String[] names = {imageCol, labelCol};
                JavaRDD<SparseImages> trainParts = parts(cut, kind, names, width, classes, firsts, trainUri).setName(trainUri);
                JavaRDD<SparseImages> testParts;
                if (test == null) {
                    testParts = sc.parallelize(new ArrayList<Integer>(java.util.Collections.nCopies(ranges.size(), 0)), ranges.size())
                            .map(i -> SparseImages.of(0, width, new byte[0], new int[0]));
                } else {
                    String testUri = HadoopFiles.qualify(test, conf).toString();
                    Dataset<Row> t = read(spark, testUri, format);
                    FeatureColumn testKind = FeatureColumn.of(t.schema(), imageCol);
                    testParts = parts(select(t, imageCol, labelCol, testUri).repartition(ranges.size()), testKind, names, width, classes, null,
                            testUri).setName(testUri);
                }
                return TrainingData.ofParts(trainParts, testParts);
            }

            @Override
            public Map<String, Object> provenance(TrainingData data, Configuration conf) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("uri", HadoopFiles.qualify(train, conf).toString());
                m.put("test_uri", test == null ? null : HadoopFiles.qualify(test, conf).toString());
                m.put("format", format.toLowerCase(Locale.ROOT));
                m.put("image_col", imageCol);
                m.put("label_col", labelCol);
                m.put("train_images", data.trainCount());
                m.put("test_images", data.testCount());
                return m;
            }
        };
    }

    /** Row index → the partition of the consecutive range holding it. */
    private static final class Consecutive extends Partitioner {
        private static final long serialVersionUID = 1L;
        /** Each partition's first index, then the row count. */
        private final long[] firsts;

        Consecutive(long[] firsts) {
            this.firsts = firsts;
        }

        @Override
        public int numPartitions() {
            return firsts.length - 1;
        }

        @Override
        public int getPartition(Object key) {
            int at = Arrays.binarySearch(firsts, 0, firsts.length - 1, (Long) key);
            return at >= 0 ? at : -at - 2;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Consecutive c && Arrays.equals(firsts, c.firsts);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(firsts);
        }
    }
}
