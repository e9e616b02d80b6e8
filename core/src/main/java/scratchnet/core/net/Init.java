package scratchnet.core.net;

import java.util.Locale;
import java.util.Random;

import scratchnet.core.BadInputException;

/**
 * How weights start (chapter 6.2): Gaussian with a fixed standard deviation (the book's
 * {@code weight_init_std = 0.01}), Xavier's {@code sqrt(1/n)} or He's {@code sqrt(2/n)} with
 * {@code n} the width of the layer below; biases start at zero. Drawn with
 * {@code java.util.Random(seed).nextGaussian()}, {@code W1} first, row by row, so a seed gives the
 * same weights on every JVM (not NumPy's numbers).
 *
 * @param name the command-line form: a number, {@code xavier} or {@code he}
 * @param std  the fixed standard deviation, or NaN for Xavier and He
 * @param gain {@code 1} for Xavier, {@code 2} for He, NaN for a fixed deviation
 */
public record Init(String name, double std, double gain) {

    /** The book's default. */
    public static final Init BOOK = new Init("0.01", 0.01, Double.NaN);

    /**
     * @param text {@code xavier}, {@code he}, or a positive standard deviation such as {@code 0.01}
     * @throws BadInputException on anything else
     */
    public static Init parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "xavier":
                return new Init("xavier", Double.NaN, 1);
            case "he":
                return new Init("he", Double.NaN, 2);
            default:
                try {
                    double std = Double.parseDouble(t);
                    if (std > 0 && Double.isFinite(std)) {
                        return new Init(t, std, Double.NaN);
                    }
                } catch (NumberFormatException e) {
                    // fall through to the message
                }
                throw new BadInputException("--init must be xavier, he or a positive standard deviation such as 0.01, got '" + text + "'");
        }
    }

    /** @return the standard deviation of layer {@code l}'s weights (0-based) */
    public double std(LayerSizes sizes, int l) {
        return Double.isNaN(gain) ? std : Math.sqrt(gain / sizes.size(l));
    }

    /** @return fresh parameters {@code W1, b1, …} in key order, {@code W} row-major {@code in × out} */
    public float[][] initialize(LayerSizes sizes, long seed) {
        Random rng = new Random(seed);
        float[][] params = new float[2 * sizes.layerCount()][];
        for (int l = 0; l < sizes.layerCount(); l++) {
            double s = std(sizes, l);
            float[] w = new float[sizes.size(l) * sizes.size(l + 1)];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) (s * rng.nextGaussian());
            }
            params[2 * l] = w;
            params[2 * l + 1] = new float[sizes.size(l + 1)];
        }
        return params;
    }

    @Override
    public String toString() {
        return name;
    }
}
