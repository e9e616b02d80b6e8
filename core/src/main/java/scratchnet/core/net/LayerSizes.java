package scratchnet.core.net;

import java.io.Serializable;
import java.util.Arrays;
import java.util.stream.Collectors;

import scratchnet.core.BadInputException;

/**
 * The shape of a fully connected network, kept apart from its weights: the width of every layer,
 * input first. The book's network is {@code 784-50-100-10}.
 *
 * @param sizes layer widths, input first, output last; at least two, all positive
 */
public record LayerSizes(int[] sizes) implements Serializable {

    /** The book's chapter 3 network. */
    public static final LayerSizes BOOK = new LayerSizes(new int[] {784, 50, 100, 10});

    /** Checks that there are at least two layers, all of positive width. */
    public LayerSizes {
        if (sizes.length < 2) {
            throw new BadInputException("a network needs at least an input and an output layer, got " + Arrays.toString(sizes));
        }
        long parameters = 0;
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] <= 0) {
                throw new BadInputException("layer sizes must be positive, got " + Arrays.toString(sizes));
            }
            // computed wide, so that sizes read from a file cannot overflow the count
            parameters += i == 0 ? 0 : ((long) sizes[i - 1] + 1) * sizes[i];
            if (parameters > Integer.MAX_VALUE) {
                throw new BadInputException("layers " + Arrays.toString(sizes) + " hold more than " + Integer.MAX_VALUE
                        + " weights and biases, more than a network can have");
            }
        }
        sizes = sizes.clone();
    }

    /** @return the number of weight layers ({@code W1 … Wn}) */
    public int layerCount() {
        return sizes.length - 1;
    }

    /** @return the width of layer {@code i}, 0 being the input */
    public int size(int i) {
        return sizes[i];
    }

    /** @return the input width (784 for MNIST) */
    public int inputSize() {
        return sizes[0];
    }

    /** @return the output width (10 classes) */
    public int outputSize() {
        return sizes[sizes.length - 1];
    }

    /** @return the total count of weights and biases */
    public int parameterCount() {
        int n = 0;
        for (int i = 0; i < layerCount(); i++) {
            n += sizes[i] * sizes[i + 1] + sizes[i + 1];
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LayerSizes other && Arrays.equals(sizes, other.sizes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sizes);
    }

    /** @return the sizes as the command line writes them: {@code 784-50-100-10} */
    @Override
    public String toString() {
        return Arrays.stream(sizes).mapToObj(Integer::toString).collect(Collectors.joining("-"));
    }
}
