package scratchnet.jobs.training;

/**
 * The right predictions of one set of weights on the test split and, when asked, the training
 * split, added up partition by partition as their counting tasks end.
 */
public final class EpochHits {
    private Hits train = Hits.NONE;
    private Hits test = Hits.NONE;

    /** Adds one partition's count, of the test split or of the training split. */
    public void add(boolean testSplit, Hits partition) {
        if (testSplit) {
            test = test.plus(partition);
        } else {
            train = train.plus(partition);
        }
    }

    /**
     * @param step      the steps done when the weights were counted
     * @param perEpoch  steps per epoch
     * @param withTrain whether the training split was counted
     * @return the evaluation the curves record
     */
    public TrainingCurves.EpochAccuracy accuracy(long step, long perEpoch, boolean withTrain) {
        return new TrainingCurves.EpochAccuracy(step, (double) step / perEpoch, withTrain ? train.accuracy() : Double.NaN, test.accuracy());
    }
}
