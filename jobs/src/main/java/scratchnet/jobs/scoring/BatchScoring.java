package scratchnet.jobs.scoring;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import scratchnet.core.BadInputException;

import scratchnet.core.math.Activations;
import scratchnet.core.net.Network;
import scratchnet.core.net.Scorer;
import scratchnet.core.net.Scores;

/**
 * A partition of a scoring ({@code scratchnet.ml.ScratchnetModel}'s {@code transform}, {@code predict}): takes its rows {@code batchSize} at a time,
 * scores each batch in one pass of the network (its logits, {@link Network#logitsBatch}, whose softmax is
 * what the {@link Scorer} gives) and appends raw prediction (the logits), probability and prediction to every row. Rows are read lazily, so a partition is never held whole.
 */
public final class BatchScoring implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final FeatureColumn kind;
    private final int field;
    private final String column;
    private final int batchSize;
    private final Broadcast<Network> network;

    private BatchScoring(FeatureColumn kind, int field, String column, int batchSize, Broadcast<Network> network) {
        this.kind = kind;
        this.field = field;
        this.column = column;
        this.batchSize = batchSize;
        this.network = network;
    }

    /**
     * The schema a scoring adds its columns to: the features column checked, then the raw
     * prediction and probability (vectors) and the prediction (a double), as MLlib's classifiers add them.
     *
     * @throws BadInputException when the features column is missing or of another type, or an output column exists
     */
    public static StructType outputSchema(StructType schema, String features, String raw, String probability, String prediction) {
        FeatureColumn.of(schema, features);
        for (String column : List.of(raw, probability, prediction)) {
            if (List.of(schema.fieldNames()).contains(column)) {
                throw new BadInputException("column '" + column + "' already exists: name the model's output another way");
            }
        }
        return schema.add(raw, SQLDataTypes.VectorType(), false)
                .add(probability, SQLDataTypes.VectorType(), false)
                .add(prediction, DataTypes.DoubleType, false);
    }

    /**
     * Scores every row of a dataset: the weights broadcast once, each partition scored in batches.
     *
     * @return the rows with raw prediction, probability and prediction appended (columns named as given)
     */
    public static Dataset<Row> transform(Dataset<?> dataset, Network network, int batchSize, String features, String raw, String probability,
                                         String prediction) {
        StructType schema = dataset.schema();
        StructType out = outputSchema(schema, features, raw, probability, prediction);
        Broadcast<Network> weights = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext()).broadcast(network);
        BatchScoring scoring = new BatchScoring(FeatureColumn.of(schema, features), schema.fieldIndex(features), features, batchSize, weights);
        return dataset.toDF().mapPartitions(scoring, Encoders.row(out));
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        Scorer scorer = new Scorer(network.value());
        return new Iterator<>() {
            private final List<Row> batch = new ArrayList<>(batchSize);
            private final int width = scorer.network().sizes().inputSize();
            private final float[] x = new float[batchSize * width];
            private final int classes = scorer.network().sizes().outputSize();
            private float[] logits;
            private Scores scores;
            private int next;

            @Override
            public boolean hasNext() {
                return next < batch.size() || rows.hasNext();
            }

            @Override
            public Row next() {
                if (next == batch.size()) {
                    fill();
                }
                return scored(batch.get(next), logits, scores, next++);
            }

            private void fill() {
                batch.clear();
                next = 0;
                while (batch.size() < batchSize && rows.hasNext()) {
                    Row row = rows.next();
                    kind.read(row, field, column, x, batch.size() * width, width);
                    batch.add(row);
                }
                if (batch.isEmpty()) {
                    throw new NoSuchElementException();
                }
                logits = scorer.network().logitsBatch(x, 0, batch.size());
                float[] p = logits.clone();
                Activations.softmaxRows(p, batch.size(), classes);
                scores = new Scores(p, batch.size(), classes);
            }
        };
    }

    /** The row with image {@code image}'s raw prediction (its logits), probability and prediction appended. */
    private static Row scored(Row row, float[] logits, Scores scores, int image) {
        int classes = scores.classes();
        double[] p = new double[classes];
        double[] raw = new double[classes];
        for (int k = 0; k < classes; k++) {
            p[k] = scores.probability(image, k);
            raw[k] = logits[image * classes + k];
        }
        Object[] values = new Object[row.length() + 3];
        for (int i = 0; i < row.length(); i++) {
            values[i] = row.get(i);
        }
        values[row.length()] = Vectors.dense(raw);
        values[row.length() + 1] = Vectors.dense(p);
        values[row.length() + 2] = (double) scores.prediction(image);
        return RowFactory.create(values);
    }
}
