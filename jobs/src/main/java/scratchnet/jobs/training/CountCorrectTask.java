package scratchnet.jobs.training;

import java.util.Iterator;

import org.apache.spark.broadcast.Broadcast;

import scratchnet.core.data.SparseImages;
import scratchnet.core.net.LayerSizes;
import scratchnet.jobs.spark.PartitionFunction;

/** The accuracy job's function: the right predictions of the broadcast weights on a partition ({@link PartitionSteps#countCorrect}). */
final class CountCorrectTask extends PartitionFunction<SparseImages, Hits> {
    private static final long serialVersionUID = 1L;
    private final LayerSizes sizes;
    private final Broadcast<float[][]> weights;

    CountCorrectTask(LayerSizes sizes, Broadcast<float[][]> weights) {
        this.sizes = sizes;
        this.weights = weights;
    }

    @Override
    public Hits call(int partition, Iterator<SparseImages> parts) {
        return PartitionSteps.countCorrect(parts, sizes, weights.value());
    }
}
