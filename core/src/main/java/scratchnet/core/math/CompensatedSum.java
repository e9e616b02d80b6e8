package scratchnet.core.math;

import java.io.Serializable;

/**
 * A vector of sums kept in double-double precision (each element a pair {@code hi + lo} of
 * doubles, {@code hi} the sum rounded to double): what partitions' partial gradients and models
 * are added up in, so that the total does not depend on the order the parts arrive in.
 *
 * <p>Why the order does not matter: every addition is Knuth's TwoSum, exact but for one rounding
 * of the low part, and that rounding is exact too while an element's parts span less than about
 * 2<sup>75</sup> in magnitude (parts that are float32 values times small counts, 24 significant
 * bits each, summed into 106). Then the pair always holds the exact sum, {@code hi} is that sum
 * rounded once, and any order of additions — Spark adds task results as tasks finish — gives the
 * same bits. Parts spanning more than that still differ from each other's order only beyond 2
 * <sup>-100</sup> of the sum.
 *
 * <p>An empty sum is a valid zero for any length, so that Spark's zero value costs nothing to ship.
 * A single part made of float32 values times a weight ({@link #of(float[], double, double[])})
 * stays in that form, half the bytes, until something is added to it.
 */
public final class CompensatedSum implements Serializable {
    private static final long serialVersionUID = 1L;

    private double[] hi;
    private double[] lo;
    /** A single part not yet expanded: {@code floats · weight}, then {@code tail}. */
    private float[] floats;
    private double weight;
    private double[] tail;

    /** @return the zero of any length */
    public static CompensatedSum empty() {
        return new CompensatedSum();
    }

    /** @return a sum holding these values (taken as they are, not copied) */
    public static CompensatedSum of(double[] values) {
        CompensatedSum s = new CompensatedSum();
        s.hi = values;
        return s;
    }

    /**
     * @param floats values, each to be multiplied by {@code weight} (exactly, in double)
     * @param weight their weight, such as a partition's share of a batch
     * @param tail   values appended as they are (may be empty)
     * @return a sum holding the vector {@code [floats · weight, tail]}, kept compact until added to
     */
    public static CompensatedSum of(float[] floats, double weight, double[] tail) {
        CompensatedSum s = new CompensatedSum();
        s.floats = floats;
        s.weight = weight;
        s.tail = tail;
        return s;
    }

    /** @return whether this is a single compact part ({@link #floats()}, {@link #weight()}, {@link #tail()}) */
    public boolean isCompact() {
        return floats != null;
    }

    /** @return the compact part's floats (for serializers) */
    public float[] floats() {
        return floats;
    }

    /** @return the compact part's weight */
    public double weight() {
        return weight;
    }

    /** @return the compact part's tail */
    public double[] tail() {
        return tail;
    }

    private void expand() {
        if (floats == null) {
            return;
        }
        double[] v = new double[floats.length + tail.length];
        for (int i = 0; i < floats.length; i++) {
            v[i] = floats[i] * weight;
        }
        System.arraycopy(tail, 0, v, floats.length, tail.length);
        hi = v;
        lo = null;
        floats = null;
        tail = null;
    }

    /** @return a sum of the given parts, for serializers: {@code lo} may be {@code null} (zeros) */
    public static CompensatedSum of(double[] hi, double[] lo) {
        CompensatedSum s = new CompensatedSum();
        s.hi = hi;
        s.lo = lo;
        return s;
    }

    /** @return whether nothing was added */
    public boolean isEmpty() {
        return hi == null && floats == null;
    }

    /** @return the number of elements (0 when empty) */
    public int length() {
        return floats != null ? floats.length + tail.length : hi == null ? 0 : hi.length;
    }

    /**
     * Adds another sum into this one, element by element.
     *
     * @return this
     * @throws IllegalArgumentException when both hold values of different lengths
     */
    public CompensatedSum add(CompensatedSum other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            if (other.floats != null) {
                floats = other.floats;
                weight = other.weight;
                tail = other.tail;
                return this;
            }
            hi = other.hi.clone();
            lo = other.lo == null ? null : other.lo.clone();
            return this;
        }
        expand();
        other.expand();
        if (other.hi.length != hi.length) {
            throw new IllegalArgumentException("cannot add sums of " + other.hi.length + " and " + hi.length + " elements");
        }
        if (lo == null) {
            lo = new double[hi.length];
        }
        for (int i = 0; i < hi.length; i++) {
            addOne(hi, lo, i, other.hi[i]);
            if (other.lo != null && other.lo[i] != 0) {
                addOne(hi, lo, i, other.lo[i]);
            }
        }
        return this;
    }

    /**
     * The element-wise sum of float vectors, with the very arithmetic of adding
     * {@code of(part, 1, tail)} for each part in turn, so the same bits: for a sum taken again and
     * again (every step of a round) in arrays the caller keeps.
     *
     * @param parts  the vectors, at least one, of at least {@code length} elements
     * @param length how many elements to add
     * @param hi     receives the sums, each rounded once to double
     * @param lo     scratch for the low parts, at least {@code length} long
     */
    public static void sumOf(float[][] parts, int length, double[] hi, double[] lo) {
        sumOf(parts, 0, length, hi, lo);
    }

    /**
     * As {@link #sumOf(float[][], int, double[], double[])}, for the elements {@code from … to-1}
     * of the parts: a slice that one of several threads adds.
     *
     * @param hi receives the sums, element {@code i} at {@code hi[i - from]}
     * @param lo scratch for the low parts, at least {@code to - from} long
     */
    public static void sumOf(float[][] parts, int from, int to, double[] hi, double[] lo) {
        float[] first = parts[0];
        if (parts.length == 2) {
            // the first TwoSum's high part is the double sum itself (the exact sum rounded once),
            // and with two parts nothing more is added to it
            float[] second = parts[1];
            for (int i = from; i < to; i++) {
                hi[i - from] = (double) first[i] + second[i];
            }
            return;
        }
        for (int i = from; i < to; i++) {
            hi[i - from] = first[i];
            lo[i - from] = 0;
        }
        for (int p = 1; p < parts.length; p++) {
            float[] part = parts[p];
            for (int i = from; i < to; i++) {
                addOne(hi, lo, i - from, part[i]);
            }
        }
    }

    /**
     * Adds the parts' elements {@code from … to-1} as {@link #sumOf(float[][], int, int, double[], double[])}
     * does and writes each sum, rounded to float, back over that element of every part.
     *
     * @param hi scratch, at least {@code to - from} long
     * @param lo scratch, as long
     */
    public static void sumInPlace(float[][] parts, int from, int to, double[] hi, double[] lo) {
        if (parts.length == 2) {
            // as sumOf's two parts, without the scratch
            float[] first = parts[0];
            float[] second = parts[1];
            for (int i = from; i < to; i++) {
                float sum = (float) ((double) first[i] + second[i]);
                first[i] = sum;
                second[i] = sum;
            }
            return;
        }
        sumOf(parts, from, to, hi, lo);
        for (float[] part : parts) {
            for (int i = from; i < to; i++) {
                part[i] = (float) hi[i - from];
            }
        }
    }

    /** @return the sum of some doubles, rounded once, as adding each as a tail element gives it */
    public static double sumOf(double[] parts) {
        double[] hi = {parts[0]};
        double[] lo = {0};
        for (int p = 1; p < parts.length; p++) {
            addOne(hi, lo, 0, parts[p]);
        }
        return hi[0];
    }

    /** {@code (hi, lo) += x}: TwoSum of the high parts, the low parts added, renormalised by TwoSum. */
    private static void addOne(double[] hi, double[] lo, int i, double x) {
        double a = hi[i];
        double s = a + x;
        double bb = s - a;
        double e = (a - (s - bb)) + (x - bb);
        double t = lo[i] + e;
        double h = s + t;
        double tb = h - s;
        hi[i] = h;
        lo[i] = (s - (h - tb)) + (t - tb);
    }

    /** @return the sums, each rounded once to double; the array itself (do not change it) */
    public double[] values() {
        expand();
        return hi == null ? new double[0] : hi;
    }

    /** @return the low parts ({@code null} when all are zero) */
    public double[] lows() {
        expand();
        return lo;
    }
}
