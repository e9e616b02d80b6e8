package scratchnet.jobs.training;

import java.io.Serializable;

import scratchnet.core.math.CompensatedSum;

/**
 * What a round's task returns: its part of the round's sum, or, for a partition whose accuracy the
 * round counts, its right predictions.
 *
 * @param sum  the partition's part of the round's sum, or {@code null} for a counting task
 * @param hits the partition's right predictions, or {@code null} for a step task
 */
record RoundTaskResult(CompensatedSum sum, Hits hits) implements Serializable {

    static RoundTaskResult ofSteps(CompensatedSum sum) {
        return new RoundTaskResult(sum, null);
    }

    static RoundTaskResult ofCount(Hits hits) {
        return new RoundTaskResult(null, hits);
    }
}
