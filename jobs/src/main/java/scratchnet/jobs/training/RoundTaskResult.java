package scratchnet.jobs.training;

import java.io.Serializable;

import scratchnet.core.math.CompensatedSum;

/**
 * What a round's task returns: its part of the round's sum, or, for a partition whose accuracy the
 * round counts, its right predictions.
 */
public final class RoundTaskResult implements Serializable {
    private static final long serialVersionUID = 1L;
    /** The partition's part of the round's sum, or {@code null} for a counting task. */
    final CompensatedSum sum;
    /** The partition's right predictions, or {@code null} for a step task. */
    final Hits hits;

    private RoundTaskResult(CompensatedSum sum, Hits hits) {
        this.sum = sum;
        this.hits = hits;
    }

    static RoundTaskResult ofSteps(CompensatedSum sum) {
        return new RoundTaskResult(sum, null);
    }

    static RoundTaskResult ofCount(Hits hits) {
        return new RoundTaskResult(null, hits);
    }
}
