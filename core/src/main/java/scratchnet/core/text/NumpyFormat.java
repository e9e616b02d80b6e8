package scratchnet.core.text;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import scratchnet.core.array.F32Array;
import scratchnet.core.array.F64Array;
import scratchnet.core.array.NdArray;
import scratchnet.core.array.U8Array;

/**
 * Arrays printed as {@code print(a)} prints a NumPy array ({@code np.array2string} with the
 * default options: line width 75, precision 8, arrays of more than 1000 elements summarised to
 * their first and last 3 items per axis), so our output reads like the book's:
 * {@code [5 0 4 ... 5 6 8]}, {@code [10. 12.]}, {@code [[3 4]\n [7 8]]},
 * {@code [-6.11110793e-10  8.14814391e-10]}, {@code [ True  True False  True]}.
 *
 * <p>Floats follow NumPy's default {@code maxprec} mode: each value with the fewest digits that
 * identify it, at most 8 after the point; all values of an array share one layout (aligned
 * points, or scientific notation when the non-zero magnitudes are below 1e-4, reach 1e8, or span
 * more than a factor of 1000).
 */
public final class NumpyFormat {
    /** NumPy's {@code linewidth}. */
    public static final int LINE_WIDTH = 75;
    /** NumPy's {@code threshold}: larger arrays are summarised. */
    public static final int THRESHOLD = 1000;
    /** NumPy's {@code edgeitems}: items kept at each end of a summarised axis. */
    public static final int EDGE_ITEMS = 3;
    /** NumPy's {@code precision}: at most this many digits after the point. */
    public static final int PRECISION = 8;

    private NumpyFormat() {
    }

    /** @return {@code str(a)} for a uint8, float32 or float64 array */
    public static String str(NdArray a) {
        if (a instanceof U8Array u) {
            return integers(u.shape(), i -> u.data()[i] & 0xFF);
        }
        if (a instanceof F32Array f) {
            return floats(f.shape(), i -> f.data()[i], true);
        }
        F64Array d = (F64Array) a;
        return floats(d.shape(), i -> d.data()[i], false);
    }

    /** @return {@code str(np.array([…]))} of float64 values */
    public static String str(double... a) {
        return floats(new int[] {a.length}, i -> a[i], false);
    }

    /** @return {@code str(np.array([…]))} of integers, e.g. {@code [1 2 1 0]} */
    public static String str(int... a) {
        return integers(new int[] {a.length}, i -> a[i]);
    }

    /** @return {@code str(np.array([…]))} of booleans, e.g. {@code [ True  True False  True]} */
    public static String str(boolean... a) {
        return format(new int[] {a.length}, shown -> i -> a[i] ? " True" : "False");
    }

    /** Fits a layout to the elements that will be shown, then formats any of them by flat index. */
    private interface Layout {
        IntFunction<String> fit(int[] shown);
    }

    private interface IntElements {
        long get(int flatIndex);
    }

    private interface DoubleElements {
        double get(int flatIndex);
    }

    private static String integers(int[] shape, IntElements values) {
        return format(shape, shown -> {
            long max = Long.MIN_VALUE;
            long min = Long.MAX_VALUE;
            for (int i : shown) {
                max = Math.max(max, values.get(i));
                min = Math.min(min, values.get(i));
            }
            int width = Math.max(Long.toString(max).length(), Long.toString(min).length());
            return i -> pad(Long.toString(values.get(i)), width);
        });
    }

    private static String floats(int[] shape, DoubleElements values, boolean f32) {
        return format(shape, shown -> {
            double[] v = new double[shown.length];
            for (int k = 0; k < shown.length; k++) {
                v[k] = values.get(shown[k]);
            }
            FloatLayout layout = new FloatLayout(v, f32);
            return i -> layout.format(values.get(i));
        });
    }

    /** NumPy's {@code _formatArray}: nested brackets, a hanging indent, lines wrapped at 75. */
    private static String format(int[] shape, Layout layout) {
        int size = NdArray.sizeOf(shape);
        if (size == 0) {
            return "[]";
        }
        boolean summarize = size > THRESHOLD;
        int[] strides = new int[shape.length];
        int stride = 1;
        for (int axis = shape.length - 1; axis >= 0; axis--) {
            strides[axis] = stride;
            stride *= shape[axis];
        }
        List<Integer> shown = new ArrayList<>();
        collect(shape, strides, 0, 0, summarize, shown);
        IntFunction<String> element = layout.fit(shown.stream().mapToInt(Integer::intValue).toArray());
        if (shape.length == 0) {
            return element.apply(0);
        }
        return recurse(shape, strides, element, summarize, 0, 0, " ", LINE_WIDTH);
    }

    /** The flat indices NumPy shows (and fits its layout to): all, or the edges of every axis. */
    private static void collect(int[] shape, int[] strides, int axis, int offset, boolean summarize, List<Integer> out) {
        if (axis == shape.length) {
            out.add(offset);
            return;
        }
        for (int i : indices(shape[axis], summarize)) {
            collect(shape, strides, axis + 1, offset + i * strides[axis], summarize, out);
        }
    }

    /** The indices shown along an axis of length {@code n}, in order; -1 marks the {@code ...}. */
    private static int[] indices(int n, boolean summarize) {
        if (summarize && 2 * EDGE_ITEMS < n) {
            int[] out = new int[2 * EDGE_ITEMS];
            for (int i = 0; i < EDGE_ITEMS; i++) {
                out[i] = i;
                out[EDGE_ITEMS + i] = n - EDGE_ITEMS + i;
            }
            return out;
        }
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }

    private static String recurse(int[] shape, int[] strides, IntFunction<String> element, boolean summarize,
                                  int axis, int offset, String hanging, int width) {
        String nextHanging = hanging + " ";
        int nextWidth = width - 1;
        int n = shape[axis];
        boolean summary = summarize && 2 * EDGE_ITEMS < n;
        int[] idx = indices(n, summarize);
        int axesLeft = shape.length - axis;
        StringBuilder s = new StringBuilder();
        if (axesLeft == 1) {
            int elementWidth = width - 1; // room for the closing bracket
            StringBuilder line = new StringBuilder(hanging);
            for (int k = 0; k < idx.length; k++) {
                if (summary && k == EDGE_ITEMS) {
                    extend(s, line, "...", elementWidth, hanging);
                    line.append(' ');
                }
                extend(s, line, element.apply(offset + idx[k] * strides[axis]), elementWidth, hanging);
                if (k < idx.length - 1) {
                    line.append(' ');
                }
            }
            s.append(line);
        } else {
            String lineSep = "\n".repeat(axesLeft - 1);
            for (int k = 0; k < idx.length; k++) {
                if (summary && k == EDGE_ITEMS) {
                    s.append(hanging).append("...").append(lineSep);
                }
                s.append(hanging).append(recurse(shape, strides, element, summarize, axis + 1,
                        offset + idx[k] * strides[axis], nextHanging, nextWidth));
                if (k < idx.length - 1) {
                    s.append(lineSep);
                }
            }
        }
        return "[" + s.substring(hanging.length()) + "]";
    }

    /** NumPy's {@code _extendLine}: wraps before a word that would pass the width, unless that cannot help. */
    private static void extend(StringBuilder s, StringBuilder line, String word, int width, String hanging) {
        boolean wrap = line.length() + word.length() > width && line.length() > hanging.length();
        if (wrap) {
            s.append(line.toString().stripTrailing()).append('\n');
            line.setLength(0);
            line.append(hanging);
        }
        line.append(word);
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }

    /** NumPy's {@code FloatingFormat} in its default mode, fitted to the values shown. */
    private static final class FloatLayout {
        private final boolean f32;
        private boolean exp;
        private int padLeft;
        private int padRight;
        private int precision = PRECISION;
        private int expSize;

        FloatLayout(double[] shown, boolean f32) {
            this.f32 = f32;
            double max = 0;
            double min = Double.POSITIVE_INFINITY;
            int finite = 0;
            boolean negInf = false;
            boolean nonFinite = false;
            for (double v : shown) {
                if (!Double.isFinite(v)) {
                    nonFinite = true;
                    negInf |= v == Double.NEGATIVE_INFINITY;
                    continue;
                }
                finite++;
                if (v != 0) {
                    max = Math.max(max, Math.abs(v));
                    min = Math.min(min, Math.abs(v));
                }
            }
            exp = max > 0 && (max >= 1e8 || min < 1e-4 || max / min > 1000);
            for (double v : shown) {
                if (!Double.isFinite(v)) {
                    continue;
                }
                if (exp) {
                    Scientific s = scientific(v, PRECISION, f32);
                    padLeft = Math.max(padLeft, s.integer.length());
                    padRight = Math.max(padRight, s.fraction.length());
                    expSize = Math.max(expSize, Math.max(2, Integer.toString(Math.abs(s.exponent)).length()));
                } else {
                    String[] p = positional(v, PRECISION, f32);
                    padLeft = Math.max(padLeft, p[0].length());
                    padRight = Math.max(padRight, p[1].length());
                }
            }
            if (exp) {
                precision = padRight; // every mantissa gets as many digits as the longest needs
                padRight = expSize + 2 + precision;
            }
            if (finite == 0) {
                padLeft = 0;
                padRight = 0;
            }
            if (nonFinite) {
                int offset = padRight + 1;
                padLeft = Math.max(padLeft, Math.max(3 - offset, 3 + (negInf ? 1 : 0) - offset));
            }
        }

        String format(double v) {
            if (!Double.isFinite(v)) {
                String s = Double.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
                return pad(s, padLeft + padRight + 1);
            }
            if (exp) {
                Scientific s = scientific(v, precision, f32);
                if (s.fraction.length() < precision) {
                    // NumPy's min_digits: more true digits of the value, not zeros
                    s = moreDigits(v, precision);
                }
                String exponent = pad(Integer.toString(Math.abs(s.exponent)), expSize).replace(' ', '0');
                return pad(s.integer, padLeft) + "." + s.fraction + "e" + (s.exponent < 0 ? "-" : "+") + exponent;
            }
            String[] p = positional(v, precision, f32);
            return pad(p[0], padLeft) + "." + p[1] + " ".repeat(padRight - p[1].length());
        }
    }

    /** A value as {@code d.ddd × 10^exponent}: the signed leading digit, the other digits, the exponent. */
    private record Scientific(String integer, String fraction, int exponent) {
    }

    /**
     * NumPy's {@code dragon4_positional(unique=True, trim='.')}: the shortest digits that identify
     * the value; if those need more than {@code precision} decimals, the exact value rounded to
     * {@code precision} decimals (half to even) with trailing zeros dropped.
     *
     * @return the signed integer part and the decimals
     */
    private static String[] positional(double v, int precision, boolean f32) {
        BigDecimal d = shortest(v, f32);
        if (d.scale() > precision) {
            d = new BigDecimal(Math.abs(v)).setScale(precision, RoundingMode.HALF_EVEN).stripTrailingZeros();
        }
        if (d.scale() < 0) {
            d = d.setScale(0);
        }
        String plain = d.toPlainString();
        int dot = plain.indexOf('.');
        return new String[] {sign(v) + (dot < 0 ? plain : plain.substring(0, dot)), dot < 0 ? "" : plain.substring(dot + 1)};
    }

    /** NumPy's {@code dragon4_scientific(unique=True, trim='.')}, as {@link #positional} but in significant digits. */
    private static Scientific scientific(double v, int precision, boolean f32) {
        BigDecimal d = shortest(v, f32);
        if (d.signum() != 0 && d.precision() - 1 > precision) {
            d = new BigDecimal(Math.abs(v)).round(new MathContext(precision + 1, RoundingMode.HALF_EVEN)).stripTrailingZeros();
        }
        return digits(v, d);
    }

    /** The value's leading {@code 1 + precision} significant digits, rounded half to even. */
    private static Scientific moreDigits(double v, int precision) {
        if (v == 0) {
            return new Scientific(sign(v) + "0", "0".repeat(precision), 0);
        }
        BigDecimal r = new BigDecimal(Math.abs(v)).round(new MathContext(precision + 1, RoundingMode.HALF_EVEN));
        int exponent = r.precision() - r.scale() - 1;
        return digits(v, r.setScale(precision - exponent, RoundingMode.UNNECESSARY));
    }

    /** Splits a decimal (the magnitude of {@code v}) into a signed leading digit, the other digits and the exponent. */
    private static Scientific digits(double v, BigDecimal d) {
        String digits = d.unscaledValue().toString();
        int exponent = d.signum() == 0 ? 0 : d.precision() - d.scale() - 1;
        return new Scientific(sign(v) + digits.charAt(0), digits.substring(1), exponent);
    }

    /** The shortest decimal that reads back as {@code |v|} (as a float for float32), without trailing zeros. */
    private static BigDecimal shortest(double v, boolean f32) {
        String s = f32 ? Float.toString(Math.abs((float) v)) : Double.toString(Math.abs(v));
        return new BigDecimal(s).stripTrailingZeros();
    }

    private static String sign(double v) {
        return v < 0 || (v == 0 && 1 / v < 0) ? "-" : "";
    }
}
