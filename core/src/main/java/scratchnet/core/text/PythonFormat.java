package scratchnet.core.text;

import java.math.BigDecimal;

/**
 * Numbers printed the way Python prints them, so that our output reads like the book's.
 */
public final class PythonFormat {

    private PythonFormat() {
    }

    /**
     * Python's {@code repr(float)}: the shortest digits that round-trip, in positional notation
     * for exponents from -4 to 15 and scientific ({@code 1e-05}, {@code 1.5e+16}) outside.
     *
     * @return e.g. {@code 0.9352}, {@code 1.0}, {@code 0.0001}, {@code 1e-05}, {@code nan}, {@code inf}
     */
    public static String repr(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == 0) {
            return (1 / v < 0) ? "-0.0" : "0.0";
        }
        BigDecimal shortest = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        int exponent = shortest.precision() - shortest.scale() - 1;
        if (exponent < -4 || exponent >= 16) {
            String digits = shortest.unscaledValue().abs().toString();
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return (v < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
        }
        String plain = shortest.toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }
}
