package scratchnet.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import scratchnet.core.net.Network;

/**
 * The book's pretrained weights ({@code ch03/sample_weight.pkl}, MIT licence, © 2016 Koki Saitoh),
 * shipped in the jar as {@value #RESOURCE} with their licence notice beside them. With the MNIST
 * test set they give {@code Accuracy:0.9352}. Every {@code --weights} option names them {@value #NAME}.
 */
public final class BookWeights {
    /** What {@code --weights} takes for them. */
    public static final String NAME = "book";
    /** The resource the pickle is, unchanged. */
    public static final String RESOURCE = "scratchnet/book/sample_weight.pkl";
    /** How messages and reports name them. */
    public static final String SOURCE = "classpath:" + RESOURCE;

    private BookWeights() {
    }

    /** @return the pickle's bytes */
    public static byte[] bytes() {
        try (InputStream in = BookWeights.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from this build's class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(RESOURCE + ": cannot read", e);
        }
    }

    /** @return the network they describe */
    public static Network network() {
        return WeightsFile.readNetwork(bytes(), SOURCE);
    }
}
