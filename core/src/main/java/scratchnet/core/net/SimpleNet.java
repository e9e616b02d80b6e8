package scratchnet.core.net;

import java.util.Random;

import scratchnet.core.BadInputException;
import scratchnet.core.array.F64Array;
import scratchnet.core.math.Activations;
import scratchnet.core.math.Losses;

/**
 * The book's {@code simpleNet} (section 4.4.2): one weight matrix {@code W}, no bias, a softmax
 * output and the cross-entropy loss, in double precision. {@code W} is the live array the
 * numerical gradient perturbs: {@code dW = numericalGradient(w -> net.loss(x, t), net.W())}.
 */
public final class SimpleNet {
    /** {@code inputs × outputs}, 2 × 3 in the book; live, so a gradient can perturb it in place. */
    private final F64Array W;

    /**
     * @param W the weights, {@code inputs × outputs}; taken as they are (not copied)
     * @throws BadInputException when {@code W} is not a non-empty matrix or holds NaN
     */
    public SimpleNet(F64Array W) {
        if (W.shape().length != 2 || W.size() == 0) {
            throw new BadInputException("simpleNet needs a non-empty weight matrix, W has shape " + W.shapeText());
        }
        for (int i = 0; i < W.size(); i++) {
            if (Double.isNaN(W.data()[i])) {
                throw new BadInputException("W " + W.shapeText() + " holds NaN at flat index " + i);
            }
        }
        this.W = W;
    }

    /** The book's constructor: {@code self.W = np.random.randn(2, 3)}, standard normal weights. */
    public static SimpleNet randn(Random rng) {
        double[] w = new double[6];
        for (int i = 0; i < w.length; i++) {
            w[i] = rng.nextGaussian();
        }
        return new SimpleNet(new F64Array(new int[] {2, 3}, w));
    }

    /** @return the live weight matrix ({@code net.W}) */
    public F64Array W() {
        return W;
    }

    /**
     * {@code predict(x) = np.dot(x, W)}.
     *
     * @throws BadInputException when {@code x} does not have one value per row of {@code W}
     */
    public double[] predict(double[] x) {
        int inputs = W.shape()[0];
        int outputs = W.shape()[1];
        if (x.length != inputs) {
            throw new BadInputException("x has shape (" + x.length + ",) but W has shape " + W.shapeText());
        }
        double[] z = new double[outputs];
        for (int j = 0; j < outputs; j++) {
            double sum = 0;
            for (int i = 0; i < inputs; i++) {
                sum += x[i] * W.data()[i * outputs + j];
            }
            z[j] = sum;
        }
        return z;
    }

    /**
     * {@code loss(x, t) = cross_entropy_error(softmax(predict(x)), t)}.
     *
     * @param x the input
     * @param t the one-hot label
     * @throws BadInputException when the shapes do not fit {@code W}
     */
    public double loss(double[] x, double[] t) {
        return Losses.crossEntropyError(Activations.softmax(predict(x)), t);
    }
}
