package scratchnet.jobs.evaluation;

import java.io.Serializable;
import java.util.Arrays;

import scratchnet.core.math.Activations;
import scratchnet.core.math.Losses;

/**
 * What evaluating some images yields, small enough to send back from every partition: counts,
 * the confusion matrix ({@code [true][predicted]}), loss sums in double, and the indices of the
 * misclassified images. Partial counts merge into the whole.
 */
public final class EvaluationCounts implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int CLASSES = 10;

    private long examples;
    private long correct;
    private final long[][] confusion = new long[CLASSES][CLASSES];
    private double crossEntropySum;
    private double squaredErrorSum;
    private int[] misclassified = new int[0];

    /**
     * Adds one batch's predictions.
     *
     * @param first  index of the batch's first image in the data set
     * @param labels the true digits
     * @param y      the softmax rows, {@code labels.length × 10}
     */
    public void add(int first, byte[] labels, float[] y) {
        int[] predicted = Activations.argmaxRows(y, labels.length, CLASSES);
        int[] wrong = new int[labels.length];
        int wrongCount = 0;
        for (int i = 0; i < labels.length; i++) {
            int t = labels[i];
            confusion[t][predicted[i]]++;
            if (predicted[i] == t) {
                correct++;
            } else {
                wrong[wrongCount++] = first + i;
            }
            crossEntropySum += Losses.crossEntropyError(y, i * CLASSES, t);
            squaredErrorSum += Losses.meanSquaredError(y, i * CLASSES, CLASSES, t);
        }
        examples += labels.length;
        misclassified = concat(misclassified, Arrays.copyOf(wrong, wrongCount));
    }

    /** @return this, with {@code other}'s counts added */
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
        misclassified = concat(misclassified, other.misclassified);
        Arrays.sort(misclassified);
        return this;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
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

    /** @return indices of misclassified images, ascending */
    public int[] misclassified() {
        return misclassified.clone();
    }
}
