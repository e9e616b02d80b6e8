package scratchnet.core.net;

import java.io.Serializable;
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
 * @param kind how the deviation is chosen
 * @param name the command-line form: the deviation as given ({@code 0.01}), {@code xavier} or {@code he}
 * @param std  the fixed standard deviation of {@link Kind#STD}; {@code null} for Xavier and He
 */
public record Init(Kind kind, String name, Double std) implements Serializable {

    /** The ways weights start. */
    public enum Kind {
        /** A fixed standard deviation, the book's {@code weight_init_std}. */
        STD,
        /** Xavier's {@code sqrt(1/n)}. */
        XAVIER,
        /** He's {@code sqrt(2/n)}. */
        HE
    }

    /** The book's default. */
    public static final Init BOOK = new Init(Kind.STD, "0.01", 0.01);

    /**
     * @param text {@code xavier}, {@code he}, or a positive standard deviation such as {@code 0.01}
     * @throws BadInputException on anything else
     */
    public static Init parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "xavier":
                return new Init(Kind.XAVIER, t, null);
            case "he":
                return new Init(Kind.HE, t, null);
            default:
                try {
                    double std = Double.parseDouble(t);
                    if (std > 0 && Double.isFinite(std)) {
                        return new Init(Kind.STD, t, std);
                    }
                } catch (NumberFormatException e) {
                    // fall through to the message
                }
                throw new BadInputException("--init must be xavier, he or a positive standard deviation such as 0.01, got '" + text + "'");
        }
    }

    /** @return the standard deviation of layer {@code l}'s weights (0-based) */
    public double std(LayerSizes sizes, int l) {
        return switch (kind) {
            case STD -> std;
            case XAVIER -> Math.sqrt(1.0 / sizes.size(l));
            case HE -> Math.sqrt(2.0 / sizes.size(l));
        };
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
