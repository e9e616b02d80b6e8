package scratchnet.core.net;

import scratchnet.core.data.SparseImages;

/**
 * The one scoring function: a batch of normalised images through the network's float32 forward
 * pass ({@link Network#predictBatch}), then each image's probabilities and prediction
 * ({@link Scores}), and, when labels are given, what they count: right predictions, or
 * {@code evaluate}'s {@link EvaluationCounts}. {@code evaluate}'s tasks, {@code predict} and the
 * spark.ml model's {@code transform}, and training's accuracy all score through it, so they cannot
 * disagree on what the network predicts. Immutable and safe to share between threads.
 */
public final class Scorer {
    /** Images per pass over cached images, as the book's {@code batch_size}: rows are scored independently, so any size gives the same scores. */
    static final int BATCH = 100;

    private final Network network;

    /** @param network the weights */
    public Scorer(Network network) {
        this.network = network;
    }

    /** @return the network it scores with */
    public Network network() {
        return network;
    }

    /**
     * Scores a batch.
     *
     * @param x      row-major normalised images of {@code inputSize()} values each
     * @param offset index of the first value of the first image
     * @param n      images
     * @return their probabilities and predictions
     */
    public Scores score(float[] x, int offset, int n) {
        return new Scores(network.predictBatch(x, offset, n), n, network.sizes().outputSize());
    }

    /**
     * Scores a labelled batch into {@code evaluate}'s counts.
     *
     * @param x           the batch's normalised images, from index 0
     * @param n           images
     * @param first       index of the batch's first image in the data set
     * @param labels      the true digits; the batch's at {@code labelOffset}
     * @param labelOffset index of the batch's first label in {@code labels}
     * @param counts      the counts the batch is added to (batches in ascending index order)
     */
    public void count(float[] x, int n, int first, byte[] labels, int labelOffset, EvaluationCounts counts) {
        counts.add(first, labels, labelOffset, score(x, 0, n));
    }

    /**
     * How many of some cached images ({@link SparseImages}, what training caches) are predicted
     * right: scored {@value #BATCH} at a time, as their normalised rows would be
     * ({@link Network#predictBatch(SparseImages, int, int)}).
     *
     * @param images the images and their labels
     * @param from   the first image
     * @param n      images
     * @return right predictions
     */
    public long correct(SparseImages images, int from, int n) {
        int classes = network.sizes().outputSize();
        long correct = 0;
        for (int b = 0; b < n; b += BATCH) {
            int m = Math.min(BATCH, n - b);
            int at = from + b;
            correct += new Scores(network.predictBatch(images, at, m), m, classes).correct(i -> images.label(at + i));
        }
        return correct;
    }
}
