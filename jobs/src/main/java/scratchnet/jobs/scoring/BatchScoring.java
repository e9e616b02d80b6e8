package scratchnet.jobs.scoring;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import scratchnet.core.data.MnistSet;
import scratchnet.core.net.Network;
import scratchnet.core.net.Scorer;
import scratchnet.core.net.Scores;

/**
 * A partition of {@link ScratchnetModel#transform}: takes its rows {@code batchSize} at a time,
 * scores each batch in one pass of the network ({@link Scorer}) and appends raw prediction, probability and
 * prediction to every row. Rows are read lazily, so a partition is never held whole.
 */
final class BatchScoring implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final FeatureColumn kind;
    private final int field;
    private final String column;
    private final int batchSize;
    private final Broadcast<Network> network;

    BatchScoring(FeatureColumn kind, int field, String column, int batchSize, Broadcast<Network> network) {
        this.kind = kind;
        this.field = field;
        this.column = column;
        this.batchSize = batchSize;
        this.network = network;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        Scorer scorer = new Scorer(network.value());
        return new Iterator<>() {
            private final List<Row> batch = new ArrayList<>(batchSize);
            private final float[] x = new float[batchSize * MnistSet.PIXELS];
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
                return scored(batch.get(next), scores, next++);
            }

            private void fill() {
                batch.clear();
                next = 0;
                while (batch.size() < batchSize && rows.hasNext()) {
                    Row row = rows.next();
                    kind.read(row, field, column, x, batch.size() * MnistSet.PIXELS);
                    batch.add(row);
                }
                if (batch.isEmpty()) {
                    throw new NoSuchElementException();
                }
                scores = scorer.score(x, 0, batch.size());
            }
        };
    }

    /** The row with image {@code image}'s raw prediction, probability and prediction appended. */
    private static Row scored(Row row, Scores scores, int image) {
        int classes = scores.classes();
        double[] p = new double[classes];
        double[] raw = new double[classes];
        for (int k = 0; k < classes; k++) {
            p[k] = scores.probability(image, k);
            raw[k] = Math.log(p[k]);
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
