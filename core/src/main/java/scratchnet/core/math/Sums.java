package scratchnet.core.math;

/**
 * {@code np.sum} of a float64 vector, summed the way NumPy sums it: pairwise, in blocks of up to
 * 128 with eight running partial sums. Summing in NumPy's order makes our losses equal the
 * NumPy reference to the last bit instead of merely to rounding.
 */
public final class Sums {
    /** NumPy's {@code PW_BLOCKSIZE}: below it, eight partial sums; above it, split in halves. */
    private static final int BLOCK = 128;

    private Sums() {
    }

    /** @return {@code np.sum(a)} */
    public static double sum(double[] a) {
        return 0.0 + pairwiseSum(a, 0, a.length);
    }

    /** NumPy's {@code pairwise_sum_DOUBLE} over {@code a[from, from + n)}. */
    private static double pairwiseSum(double[] a, int from, int n) {
        if (n < 8) {
            double res = 0.0;
            for (int i = from; i < from + n; i++) {
                res += a[i];
            }
            return res;
        }
        if (n <= BLOCK) {
            double[] r = new double[8];
            System.arraycopy(a, from, r, 0, 8);
            int i = 8;
            for (; i < n - n % 8; i += 8) {
                for (int j = 0; j < 8; j++) {
                    r[j] += a[from + i + j];
                }
            }
            double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) {
                res += a[from + i];
            }
            return res;
        }
        int half = n / 2;
        half -= half % 8;
        return pairwiseSum(a, from, half) + pairwiseSum(a, from + half, n - half);
    }
}
