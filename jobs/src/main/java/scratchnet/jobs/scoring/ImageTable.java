package scratchnet.jobs.scoring;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.IntegralType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;

import scratchnet.core.BadInputException;
import scratchnet.core.data.MnistSet;
import scratchnet.jobs.io.BatchReader;
import scratchnet.jobs.io.HadoopFiles;
import scratchnet.jobs.io.MnistBatch;
import scratchnet.jobs.io.MnistSource;

/**
 * The images {@code predict} scores, as one table of {@code index} (long, the image's position),
 * {@code image} and, when the data has labels, {@code label} (int, 0–9): from MNIST's IDX files
 * (each executor reads its own byte ranges) or from a Parquet table (positions in the order Spark
 * reads it; every image and label checked, the bad one named by its position).
 */
public final class ImageTable {
    /** The index column: the image's position. */
    public static final String INDEX = "index";
    /** The label column. */
    public static final String LABEL = "label";
    /** The image column. */
    public static final String IMAGE = "image";

    private ImageTable() {
    }

    /**
     * @param data       the split (headers checked)
     * @param batchSize  images per read
     * @param partitions partitions to spread the reads over
     * @return the table, images as {@code binary}
     */
    public static Dataset<Row> fromMnist(SparkSession spark, MnistSource data, int batchSize, int partitions) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<MnistBatch> batches = data.batches(batchSize);
        Broadcast<SerializableConfiguration> conf = sc.broadcast(new SerializableConfiguration(sc.hadoopConfiguration()));
        BatchReader.Spec spec = new BatchReader.Spec(data.imagesUri(), data.labelsUri(), conf);
        JavaRDD<Row> rows = sc.parallelize(batches, Math.max(1, Math.min(partitions, batches.size())))
                .mapPartitions(it -> mnistRows(it, spec));
        StructType schema = new StructType().add(INDEX, DataTypes.LongType, false).add(LABEL, DataTypes.IntegerType, false)
                .add(IMAGE, DataTypes.BinaryType, false);
        return spark.createDataFrame(rows, schema);
    }

    private static Iterator<Row> mnistRows(Iterator<MnistBatch> batches, BatchReader.Spec spec) {
        BatchReader reader = spec.reader();
        return new Iterator<>() {
            private final List<Row> rows = new ArrayList<>();
            private int next;

            @Override
            public boolean hasNext() {
                if (next == rows.size() && batches.hasNext()) {
                    MnistBatch b = reader.load(batches.next());
                    rows.clear();
                    next = 0;
                    for (int i = 0; i < b.count(); i++) {
                        byte[] image = new byte[MnistSet.PIXELS];
                        System.arraycopy(b.images(), i * MnistSet.PIXELS, image, 0, image.length);
                        rows.add(RowFactory.create((long) b.first() + i, (int) b.labels()[i], image));
                    }
                }
                if (next == rows.size()) {
                    closeQuietly(reader);
                    return false;
                }
                return true;
            }

            @Override
            public Row next() {
                hasNext();
                return rows.get(next++);
            }
        };
    }

    private static void closeQuietly(BatchReader reader) {
        try {
            reader.close();
        } catch (java.io.IOException ignored) {
            // every record is read: a failed close of a read-only stream changes nothing
        }
    }

    /**
     * @param table    a Parquet table's URI
     * @param imageCol the image column
     * @param labelCol the label column, or {@code null} for none
     * @return the table, images in their own type
     * @throws BadInputException when a column is missing or of a wrong type (here), or an image
     *                           or label is bad (on the executor, naming its position)
     */
    public static Dataset<Row> fromParquet(SparkSession spark, String table, String imageCol, String labelCol) {
        HadoopFiles.requireInput(new Path(table), spark.sparkContext().hadoopConfiguration());
        Dataset<Row> in;
        try {
            in = spark.read().parquet(table);
        } catch (Exception e) {
            // Scala declares no exceptions: Spark's AnalysisException (no Parquet, doubled columns) is checked in Java
            if (e instanceof org.apache.spark.sql.AnalysisException a && "COLUMN_ALREADY_EXISTS".equals(a.getCondition())) {
                throw new BadInputException(table + ": two columns named " + a.getMessageParameters().get("columnName")
                        + " (Spark SQL tells names apart regardless of case): rename one", e);
            }
            if (e instanceof org.apache.spark.sql.AnalysisException a) {
                throw new BadInputException(table + ": cannot read it as a Parquet table: "
                        + a.getSimpleMessage().lines().findFirst().orElse("").replaceFirst("\\s*SQLSTATE: \\w+\\.?$", ""), e);
            }
            throw e;
        }
        StructType schema = in.schema();
        requireDistinctNames(table, schema);
        if (in.isEmpty()) {
            throw new BadInputException(table + ": holds no rows (a table of zero images cannot be scored)");
        }
        FeatureColumn kind = FeatureColumn.of(schema, imageCol);
        DataType imageType = schema.apply(imageCol).dataType();
        StructType out = new StructType().add(INDEX, DataTypes.LongType, false);
        Dataset<Row> selected;
        if (labelCol != null) {
            if (!List.of(schema.fieldNames()).contains(labelCol)) {
                throw new BadInputException(table + ": no label column '" + labelCol + "' (the table has " + String.join(", ", schema.fieldNames()) + ")");
            }
            DataType labelType = schema.apply(labelCol).dataType();
            if (!(labelType instanceof IntegralType)) {
                throw new BadInputException(table + ": label column '" + labelCol + "' is " + labelType.simpleString() + ", not an integer type");
            }
            out = out.add(LABEL, DataTypes.IntegerType, false);
            selected = in.select(in.col(quoted(imageCol)), in.col(quoted(labelCol)));
        } else {
            selected = in.select(in.col(quoted(imageCol)));
        }
        out = out.add(IMAGE, imageType, false);
        boolean labelled = labelCol != null;
        JavaRDD<Row> rows = selected.toJavaRDD().zipWithIndex()
                .map(pair -> checked(pair._1(), pair._2(), labelled, kind, table, imageCol, labelCol));
        return spark.createDataFrame(rows, out);
    }

    /** @return a column's name as Spark SQL reads it literally: a dot in it is part of the name, not a field of a struct */
    private static String quoted(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /** Spark SQL resolves names regardless of case: two columns that differ only in case cannot be told apart. */
    private static void requireDistinctNames(String table, StructType schema) {
        java.util.Map<String, String> seen = new java.util.HashMap<>();
        for (String name : schema.fieldNames()) {
            String other = seen.put(name.toLowerCase(java.util.Locale.ROOT), name);
            if (other != null) {
                throw new BadInputException(table + ": columns '" + other + "' and '" + name + "' have the same name to Spark SQL,"
                        + " which ignores case: rename one");
            }
        }
    }

    private static Row checked(Row row, long index, boolean labelled, FeatureColumn kind, String table, String imageCol, String labelCol) {
        float[] pixels = new float[MnistSet.PIXELS];
        try {
            kind.read(row, 0, imageCol, pixels, 0, MnistSet.PIXELS);
        } catch (BadInputException e) {
            throw new BadInputException(table + ", row " + index + ": " + e.getMessage(), e);
        }
        if (kind != FeatureColumn.BINARY) {
            for (int i = 0; i < pixels.length; i++) {
                if (!(pixels[i] >= 0 && pixels[i] <= 1)) {
                    throw new BadInputException(table + ", row " + index + ": column '" + imageCol + "': pixel " + i + " is " + pixels[i] + ", not in [0, 1]");
                }
            }
        }
        if (!labelled) {
            return RowFactory.create(index, row.get(0));
        }
        if (row.isNullAt(1)) {
            throw new BadInputException(table + ", row " + index + ": column '" + labelCol + "': the label is null");
        }
        long label = ((Number) row.get(1)).longValue();
        if (label < 0 || label > 9) {
            throw new BadInputException(table + ", row " + index + ": column '" + labelCol + "': label " + label + " is not a digit 0-9");
        }
        return RowFactory.create(index, (int) label, row.get(0));
    }
}
