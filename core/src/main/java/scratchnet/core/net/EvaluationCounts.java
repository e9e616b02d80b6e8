package scratchnet.core.net;

import java.io.Serializable;
import java.util.Arrays;
import java.util.function.IntConsumer;

import scratchnet.core.math.Losses;

/**
 * What evaluating some labelled images yields (the {@link Scorer}'s scores against the labels),
 * small enough to send back from every partition whatever their number of images: counts, the confusion matrix ({@code [true][predicted]}), loss sums in
 * double, the number of misclassified images and the lowest {@value #MISCLASSIFIED_KEPT} of their
 * indices. Partial counts merge into the whole.
 */
public final class EvaluationCounts implements Serializable {
    /** Misclassified indices kept, the lowest first: the gallery and the run file need no more, and the driver holds no list that grows with the data. */
    public static final int MISCLASSIFIED_KEPT = 10_000;
    private static final long serialVersionUID = 2L;
    private static final int CLASSES = 10;

    private long examples;
    private long correct;
    private final long[][] confusion = new long[CLASSES][CLASSES];
    private double crossEntropySum;
    private double squaredErrorSum;
    private long misclassifiedCount;
    /** The lowest misclassified indices, ascending; {@code kept} of them are in use. */
    private int[] misclassified = new int[0];
    private int kept;
    /** Where every misclassified index goes as it is found, on the executor that finds it; not sent. */
    private final transient IntConsumer everyMisclassified;

    /** Empty counts. */
    public EvaluationCounts() {
        this(null);
    }

    /** @param everyMisclassified receives every misclassified index, in the order added (or {@code null}) */
    public EvaluationCounts(IntConsumer everyMisclassified) {
        this.everyMisclassified = everyMisclassified;
    }

    /**
     * Adds one batch's scores; batches must come in ascending index order.
     *
     * @param first  index of the batch's first image in the data set
     * @param labels the true digits; the batch's at {@code offset}
     * @param offset index of the batch's first label in {@code labels}
     * @param scores the {@link Scorer}'s scores of the batch: its predictions, and its probabilities for the losses
     */
    public void add(int first, byte[] labels, int offset, Scores scores) {
        if (scores.classes() != CLASSES) {
            throw new IllegalArgumentException("evaluation counts " + CLASSES + " classes, the network has " + scores.classes());
        }
        float[] y = scores.probabilities();
        int count = scores.count();
        for (int i = 0; i < count; i++) {
            int t = labels[offset + i];
            int predicted = scores.prediction(i);
            confusion[t][predicted]++;
            if (predicted == t) {
                correct++;
            } else {
                misclassified(first + i);
            }
            crossEntropySum += Losses.crossEntropyError(y, i * CLASSES, t);
            squaredErrorSum += Losses.meanSquaredError(y, i * CLASSES, CLASSES, t);
        }
        examples += count;
    }

    /**
     * {@link #add(int, byte[], int, Scores)} of softmax rows as they are.
     *
     * @param count  images in the batch
     * @param y      the softmax rows, {@code count × 10}
     */
    public void add(int first, int count, byte[] labels, int offset, float[] y) {
        add(first, labels, offset, new Scores(y, count, CLASSES));
    }

    private void misclassified(int index) {
        misclassifiedCount++;
        if (everyMisclassified != null) {
            everyMisclassified.accept(index);
        }
        if (kept < MISCLASSIFIED_KEPT) {
            if (kept == misclassified.length) {
                misclassified = Arrays.copyOf(misclassified, Math.min(MISCLASSIFIED_KEPT, Math.max(16, 2 * kept)));
            }
            misclassified[kept++] = index;
        }
    }

    /** @return this, with {@code other}'s counts added; the kept indices are the lowest of both */
    public EvaluationCounts merge(EvaluationCounts other) {
        examples += other.examples;
        correct += other.correct;
        for (int t = 0; t < CLASSES; t++) {
            for (int p = 0; p < CLASSES; p++) {
                confusion[t][p] += other.confusion[t][p];
            }
        }
        crossEntropySum += other.crossEntropySum;
        squaredErrorSum += other.squaredErrorSum;
        misclassifiedCount += other.misclassifiedCount;
        misclassified = lowest(misclassified, kept, other.misclassified, other.kept);
        kept = misclassified.length;
        return this;
    }

    /** @return the lowest {@link #MISCLASSIFIED_KEPT} of two ascending runs, ascending */
    private static int[] lowest(int[] a, int na, int[] b, int nb) {
        int[] out = new int[Math.min(MISCLASSIFIED_KEPT, na + nb)];
        int i = 0;
        int j = 0;
        for (int k = 0; k < out.length; k++) {
            out[k] = j == nb || (i < na && a[i] <= b[j]) ? a[i++] : b[j++];
        }
        return out;
    }

    /** @return images evaluated */
    public long examples() {
        return examples;
    }

    /** @return images predicted right */
    public long correct() {
        return correct;
    }

    /** @return {@code correct / examples}, as the book's {@code float(accuracy_cnt) / len(x)} */
    public double accuracy() {
        return examples == 0 ? 0 : (double) correct / examples;
    }

    /** @return a copy of the confusion matrix, {@code [true][predicted]} */
    public long[][] confusion() {
        long[][] out = new long[CLASSES][];
        for (int t = 0; t < CLASSES; t++) {
            out[t] = confusion[t].clone();
        }
        return out;
    }

    /** @return accuracy per true class (NaN for a class with no images) */
    public double[] perClassAccuracy() {
        double[] out = new double[CLASSES];
        for (int t = 0; t < CLASSES; t++) {
            long n = Arrays.stream(confusion[t]).sum();
            out[t] = n == 0 ? Double.NaN : (double) confusion[t][t] / n;
        }
        return out;
    }

    /** @return mean cross-entropy {@code -log(y[t] + 1e-7)} over all images */
    public double meanCrossEntropy() {
        return crossEntropySum / examples;
    }

    /** @return mean of {@code 0.5 · Σ (y - onehot)²} over all images */
    public double meanSquaredError() {
        return squaredErrorSum / examples;
    }

    /** @return the number of misclassified images */
    public long misclassifiedCount() {
        return misclassifiedCount;
    }

    /** @return the lowest {@link #MISCLASSIFIED_KEPT} indices of misclassified images (all of them when fewer), ascending */
    public int[] misclassified() {
        return Arrays.copyOf(misclassified, kept);
    }
}
