package scratchnet.core.net;

import java.util.function.IntUnaryOperator;

import scratchnet.core.math.Activations;

/**
 * What the {@link Scorer} says of a batch of images: each image's probabilities (the softmax of
 * the output layer, float32) and its prediction, the first class of the highest probability, as
 * the book's {@code np.argmax(y, axis=1)}. The one place a prediction is made from probabilities.
 */
public final class Scores {
    private final float[] probabilities;
    private final int count;
    private final int classes;
    private final int[] predictions;

    /**
     * @param probabilities {@code count × classes} softmax rows, row-major, taken as they are (not copied)
     * @param count         images
     * @param classes       classes per image
     */
    public Scores(float[] probabilities, int count, int classes) {
        if (probabilities.length < count * classes) {
            throw new IllegalArgumentException(probabilities.length + " probabilities are not " + count + " rows of " + classes);
        }
        this.probabilities = probabilities;
        this.count = count;
        this.classes = classes;
        this.predictions = Activations.argmaxRows(probabilities, count, classes);
    }

    /** @return the number of images */
    public int count() {
        return count;
    }

    /** @return the number of classes */
    public int classes() {
        return classes;
    }

    /** @return the {@code count × classes} softmax rows, row-major; the array itself: never change it */
    public float[] probabilities() {
        return probabilities;
    }

    /** @return the probability image {@code i} belongs to class {@code k} */
    public float probability(int i, int k) {
        return probabilities[i * classes + k];
    }

    /** @return image {@code i}'s predicted class */
    public int prediction(int i) {
        return predictions[i];
    }

    /**
     * @param label the true class of image {@code i} of the batch
     * @return how many images are predicted right
     */
    public int correct(IntUnaryOperator label) {
        int right = 0;
        for (int i = 0; i < count; i++) {
            right += predictions[i] == label.applyAsInt(i) ? 1 : 0;
        }
        return right;
    }
}
