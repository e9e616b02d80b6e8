package scratchnet.jobs.training;

/**
 * Weights (or gradients, or optimizer state) laid end to end in one vector, array after array in
 * key order: the form in which the partitions' results are summed.
 */
public final class FlatVector {

    private FlatVector() {
    }

    /** @return the total length of the arrays */
    public static int length(float[][] arrays) {
        int n = 0;
        for (float[] a : arrays) {
            n += a.length;
        }
        return n;
    }

    /** Copies the arrays one after the other into {@code vector} from {@code at}; returns the position after them. */
    static int write(float[][] arrays, float[] vector, int at) {
        for (float[] a : arrays) {
            System.arraycopy(a, 0, vector, at, a.length);
            at += a.length;
        }
        return at;
    }

    /** Fills the arrays with {@code vector[at …] / divisor}, each rounded to float; returns the position after them. */
    public static int readScaled(double[] vector, int at, float[][] arrays, double divisor) {
        if (divisor == 1) {
            // the same bits without a division per element: a step's summed gradient is read so
            for (float[] a : arrays) {
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) vector[at++];
                }
            }
            return at;
        }
        for (float[] a : arrays) {
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) (vector[at++] / divisor);
            }
        }
        return at;
    }
}
