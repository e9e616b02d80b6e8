package scratchnet.jobs.evaluation;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;

import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.SerializableConfiguration;

import scratchnet.core.data.MnistSet;
import scratchnet.core.net.EvaluationCounts;
import scratchnet.core.net.Network;
import scratchnet.core.net.Scorer;
import scratchnet.jobs.io.BatchReader;
import scratchnet.jobs.io.HadoopOutput;
import scratchnet.jobs.io.MnistBatch;
import scratchnet.jobs.io.MnistSource;
import scratchnet.jobs.io.RangeBatches;
import scratchnet.jobs.spark.PartitionFunction;

/**
 * The distributed evaluation, as DESIGN.md's data flow: one range of whole batches per partition
 * (so the driver sends as many descriptors as there are partitions, whatever the number of
 * images), the network broadcast once, each task reading its range in large chunks into buffers it
 * reuses and returning counts that are reduced on the driver. Optionally the tasks also write every
 * misclassified index, one part file per partition.
 */
public final class Evaluation {
    /** The part file of partition {@code p} in a misclassified directory: {@code part-00000}, … */
    static final String PART = "part-%05d";
    /** Written last into a misclassified directory, as Spark's own outputs mark themselves complete. */
    static final String SUCCESS = "_SUCCESS";

    private Evaluation() {
    }

    /**
     * Evaluates a network on a split.
     *
     * @param sc         the Spark context
     * @param data       the split (headers checked)
     * @param network    the weights
     * @param batchSize  images per batch (the book's 100)
     * @param partitions partitions to spread the batches over
     * @return the reduced counts
     */
    public static EvaluationCounts evaluate(JavaSparkContext sc, MnistSource data, Network network, int batchSize, int partitions) {
        return evaluate(sc, data, network, batchSize, partitions, null);
    }

    /**
     * Evaluates a network on a split and has the tasks write every misclassified index into a
     * directory: {@code part-00000} … (one per partition, each written atomically; a retried task
     * replaces its own), the indices of the partition's range ascending, one per line; then
     * {@code _SUCCESS}. The indices never pass through the driver.
     *
     * @param misclassifiedDir the directory for the part files, or {@code null} for none
     * @return the reduced counts
     */
    public static EvaluationCounts evaluate(JavaSparkContext sc, MnistSource data, Network network, int batchSize, int partitions,
                                            String misclassifiedDir) {
        List<MnistBatch> ranges = data.ranges(batchSize, Math.max(1, partitions));
        Broadcast<Network> weights = sc.broadcast(network);
        Broadcast<SerializableConfiguration> conf = sc.broadcast(new SerializableConfiguration(sc.hadoopConfiguration()));
        BatchReader.Spec spec = new BatchReader.Spec(data.imagesUri(), data.labelsUri(), conf);
        try {
            EvaluationCounts counts = new EvaluationCounts();
            // Spark hands the results over one at a time, from its scheduler's thread
            PartitionFunction.run(sc, sc.parallelize(ranges, ranges.size()), new RangeTask(batchSize, spec, weights, misclassifiedDir),
                    EvaluationCounts.class, (partition, part) -> counts.merge(part));
            if (misclassifiedDir != null) {
                HadoopOutput.writeAtomically(new Path(misclassifiedDir, SUCCESS).toString(), true, sc.hadoopConfiguration(), out -> { });
            }
            return counts;
        } finally {
            weights.destroy();
            conf.destroy();
        }
    }

    /** The task of one partition: its range's counts, and its part file when asked for. A named class, which Spark's closure cleaner passes without parsing it. */
    private static final class RangeTask extends PartitionFunction<MnistBatch, EvaluationCounts> {
        private static final long serialVersionUID = 1L;
        private final int batchSize;
        private final BatchReader.Spec spec;
        private final Broadcast<Network> weights;
        private final String misclassifiedDir;

        RangeTask(int batchSize, BatchReader.Spec spec, Broadcast<Network> weights, String misclassifiedDir) {
            this.batchSize = batchSize;
            this.spec = spec;
            this.weights = weights;
            this.misclassifiedDir = misclassifiedDir;
        }

        @Override
        public EvaluationCounts call(int partition, Iterator<MnistBatch> ranges) {
            MnistBatch range = ranges.next();
            return misclassifiedDir == null
                    ? evaluateRange(range, batchSize, spec, weights.value(), null)
                    : evaluateRangeWritingMisclassified(range, batchSize, spec, weights.value(),
                            new Path(misclassifiedDir, String.format(Locale.ROOT, PART, partition)).toString());
        }
    }

    private static EvaluationCounts evaluateRangeWritingMisclassified(MnistBatch range, int batchSize, BatchReader.Spec spec, Network network,
                                                                      String part) {
        EvaluationCounts[] counts = new EvaluationCounts[1];
        HadoopOutput.writeAtomically(part, true, spec.conf().value().value(), out -> {
            BufferedWriter lines = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.US_ASCII), 1 << 16);
            try {
                counts[0] = evaluateRange(range, batchSize, spec, network, index -> {
                    try {
                        lines.write(Integer.toString(index));
                        lines.write('\n');
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            lines.flush();
        });
        return counts[0];
    }

    /** One partition: its range in chunks, each batch normalised into one reused buffer and scored into the counts. */
    private static EvaluationCounts evaluateRange(MnistBatch range, int batchSize, BatchReader.Spec spec, Network network,
                                                  IntConsumer everyMisclassified) {
        EvaluationCounts counts = new EvaluationCounts(everyMisclassified);
        Scorer scorer = new Scorer(network);
        float[] x = new float[Math.multiplyExact(Math.min(batchSize, range.count()), MnistSet.PIXELS)];
        try (BatchReader reader = spec.reader()) {
            RangeBatches.forEach(range, batchSize, reader, (first, n, pixels, labels, offset) -> {
                MnistSet.normalize(pixels, offset * MnistSet.PIXELS, (offset + n) * MnistSet.PIXELS, x);
                scorer.count(x, n, first, labels, offset, counts);
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return counts;
    }
}
