package scratchnet.jobs.evaluation;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.SerializableConfiguration;

import scratchnet.core.data.MnistSet;
import scratchnet.core.net.Network;
import scratchnet.jobs.io.BatchReader;
import scratchnet.jobs.io.MnistBatch;
import scratchnet.jobs.io.MnistSource;

/**
 * The distributed evaluation, as DESIGN.md's data flow: batch descriptors spread over partitions,
 * the network broadcast once, each partition reading its own byte ranges and returning counts that
 * are reduced on the driver.
 */
public final class Evaluation {

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
        List<MnistBatch> batches = data.batches(batchSize);
        Broadcast<Network> weights = sc.broadcast(network);
        Broadcast<SerializableConfiguration> conf = sc.broadcast(new SerializableConfiguration(sc.hadoopConfiguration()));
        BatchReader.Spec spec = new BatchReader.Spec(data.imagesUri(), data.labelsUri(), conf);
        try {
            return sc.parallelize(batches, Math.max(1, Math.min(partitions, batches.size())))
                    .mapPartitions(it -> evaluatePartition(it, spec, weights.value()))
                    .reduce(EvaluationCounts::merge);
        } finally {
            weights.destroy();
            conf.destroy();
        }
    }

    private static Iterator<EvaluationCounts> evaluatePartition(Iterator<MnistBatch> batches, BatchReader.Spec spec, Network network) throws Exception {
        EvaluationCounts counts = new EvaluationCounts();
        try (BatchReader reader = spec.reader()) {
            while (batches.hasNext()) {
                MnistBatch batch = reader.load(batches.next());
                float[] x = MnistSet.normalize(batch.images(), 0, batch.images().length);
                counts.add(batch.first(), batch.labels(), network.predictBatch(x, 0, batch.count()));
            }
        }
        List<EvaluationCounts> out = new ArrayList<>(1);
        out.add(counts);
        return out.iterator();
    }
}
