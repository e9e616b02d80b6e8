package scratchnet.core.data;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The four files of the MNIST distribution, with the SHA-256 of their uncompressed originals.
 */
public enum MnistFile {
    /** 60,000 training images. */
    TRAIN_IMAGES("train-images-idx3-ubyte", IdxHeader.Kind.IMAGES, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
    /** 60,000 training labels. */
    TRAIN_LABELS("train-labels-idx1-ubyte", IdxHeader.Kind.LABELS, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
    /** 10,000 test images. */
    TEST_IMAGES("t10k-images-idx3-ubyte", IdxHeader.Kind.IMAGES, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
    /** 10,000 test labels. */
    TEST_LABELS("t10k-labels-idx1-ubyte", IdxHeader.Kind.LABELS, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");

    /** The canonical file name, without {@code .gz}. */
    public final String fileName;
    /** Images or labels. */
    public final IdxHeader.Kind kind;
    /** SHA-256 of the uncompressed original, lower-case hex. */
    public final String sha256;

    MnistFile(String fileName, IdxHeader.Kind kind, String sha256) {
        this.fileName = fileName;
        this.kind = kind;
        this.sha256 = sha256;
    }

    /** @return the images file of a split ({@code train} or {@code test}) */
    public static MnistFile images(boolean train) {
        return train ? TRAIN_IMAGES : TEST_IMAGES;
    }

    /** @return the labels file of a split ({@code train} or {@code test}) */
    public static MnistFile labels(boolean train) {
        return train ? TRAIN_LABELS : TEST_LABELS;
    }

    /**
     * Finds this file in a local directory: the raw file, else its {@code .gz}.
     *
     * @return the path found, or {@code null} when neither exists
     */
    public Path locate(Path dir) {
        Path raw = dir.resolve(fileName);
        if (Files.isRegularFile(raw)) {
            return raw;
        }
        Path gz = dir.resolve(fileName + ".gz");
        return Files.isRegularFile(gz) ? gz : null;
    }
}
