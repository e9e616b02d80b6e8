package scratchnet.jobs.training;

import java.util.Iterator;

import org.apache.spark.broadcast.Broadcast;

import scratchnet.core.data.SparseImages;
import scratchnet.jobs.spark.PartitionFunction;

/**
 * A round as a Spark function, on the partitions of {@code test ∪ train ∪ train} or of
 * {@code train} alone: the round's first {@code countingParts} partitions count the right
 * predictions of the weights the round starts from (the test split, then the training split when
 * its accuracy is asked for), the rest take the round's steps ({@link PartitionSteps#round}). One
 * job measures an epoch and runs the next round; the counting tasks come first and are short, so
 * the driver knows the accuracy long before the round ends.
 */
final class RoundTask extends PartitionFunction<SparseImages, RoundTaskResult> {
    private static final long serialVersionUID = 1L;
    private final RoundSpec spec;
    private final Broadcast<RoundWeights> weights;
    private final int countingParts;

    RoundTask(RoundSpec spec, Broadcast<RoundWeights> weights, int countingParts) {
        this.spec = spec;
        this.weights = weights;
        this.countingParts = countingParts;
    }

    @Override
    public RoundTaskResult call(int partition, Iterator<SparseImages> parts) {
        if (partition < countingParts) {
            return RoundTaskResult.ofCount(PartitionSteps.countCorrect(parts, spec.settings().sizes(), weights.value().params()));
        }
        return RoundTaskResult.ofSteps(PartitionSteps.round(partition - countingParts, parts.next(), spec, weights.value()));
    }
}
