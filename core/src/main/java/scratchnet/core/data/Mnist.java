package scratchnet.core.data;

import java.nio.file.Path;

import scratchnet.core.BadInputException;
import scratchnet.core.array.F32Array;
import scratchnet.core.array.F64Array;
import scratchnet.core.array.NdArray;
import scratchnet.core.array.U8Array;

/**
 * The book's {@code dataset/mnist.py}: loading MNIST from a local directory holding the four IDX
 * files, raw or gzipped.
 */
public final class Mnist {

    private Mnist() {
    }

    /** The four arrays {@code load_mnist} returns: {@code (x_train, t_train), (x_test, t_test)}. */
    public record Loaded(NdArray xTrain, NdArray tTrain, NdArray xTest, NdArray tTest) {
    }

    /**
     * Reads one split from a directory.
     *
     * @param dir   a directory holding the files (raw or {@code .gz})
     * @param train the training split, else the test split
     * @throws BadInputException when a file is missing or malformed, or the counts differ
     */
    public static MnistSet readSet(Path dir, boolean train) {
        Path images = require(dir, MnistFile.images(train));
        Path labels = require(dir, MnistFile.labels(train));
        return MnistSet.read(IdxReader.read(images, IdxHeader.Kind.IMAGES), images.toString(),
                IdxReader.read(labels, IdxHeader.Kind.LABELS), labels.toString());
    }

    private static Path require(Path dir, MnistFile file) {
        Path found = file.locate(dir);
        if (found == null) {
            throw new BadInputException(dir.resolve(file.fileName) + ": no such file (nor .gz); run fetch-data first");
        }
        return found;
    }

    /**
     * {@code load_mnist(normalize, flatten, one_hot_label)}.
     *
     * @param dir          a directory holding the four files
     * @param normalize    float32 pixels {@code / 255} in [0, 1], else uint8
     * @param flatten      images as rows of 784, else {@code 1 × 28 × 28}
     * @param oneHotLabel  labels as float64 one-hot rows of 10, else uint8 digits
     * @return the four arrays
     */
    public static Loaded loadMnist(Path dir, boolean normalize, boolean flatten, boolean oneHotLabel) {
        MnistSet train = readSet(dir, true);
        MnistSet test = readSet(dir, false);
        return new Loaded(images(train, normalize, flatten), labels(train, oneHotLabel),
                images(test, normalize, flatten), labels(test, oneHotLabel));
    }

    private static NdArray images(MnistSet set, boolean normalize, boolean flatten) {
        int[] shape = flatten ? new int[] {set.count(), MnistSet.PIXELS}
                : new int[] {set.count(), 1, IdxHeader.SIDE, IdxHeader.SIDE};
        return normalize ? new F32Array(shape, set.normalizedImages()) : new U8Array(shape, set.images());
    }

    private static NdArray labels(MnistSet set, boolean oneHot) {
        if (!oneHot) {
            return new U8Array(new int[] {set.count()}, set.labels());
        }
        double[] rows = new double[set.count() * 10];
        for (int i = 0; i < set.count(); i++) {
            rows[i * 10 + set.label(i)] = 1.0;
        }
        return new F64Array(new int[] {set.count(), 10}, rows);
    }
}
