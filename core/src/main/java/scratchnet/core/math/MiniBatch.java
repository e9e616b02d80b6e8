package scratchnet.core.math;

import java.util.Random;

import scratchnet.core.BadInputException;
import scratchnet.core.array.F32Array;
import scratchnet.core.array.F64Array;
import scratchnet.core.array.NdArray;
import scratchnet.core.array.U8Array;

/**
 * Mini-batches as section 4.2.3 takes them: {@code np.random.choice(train_size, batch_size)} for
 * the indices, then {@code x_train[batch_mask]} (a row gather, {@code m[n]}); and the element
 * gather {@code y[np.arange(batch_size), t]} ({@code m[n, t]}) the label-index cross entropy uses.
 * Randomness comes from a caller's {@link Random}: the same seed gives the same batch on every
 * JVM, since {@code java.util.Random}'s algorithm is fixed by its specification (the numbers are
 * not NumPy's).
 */
public final class MiniBatch {

    private MiniBatch() {
    }

    /** @return {@code np.arange(n)}: {@code 0, 1, …, n-1} */
    public static int[] arange(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }

    /**
     * {@code np.random.choice(size, count)}: {@code count} indices in {@code [0, size)}, drawn
     * with replacement, so an index may repeat.
     *
     * @throws BadInputException when {@code count} or {@code size} is not positive
     */
    public static int[] randomChoice(int size, int count, Random rng) {
        return randomChoice(size, count, true, rng);
    }

    /**
     * {@code np.random.choice(size, count, replace)}.
     *
     * @param replace with replacement (indices may repeat), else all distinct
     * @throws BadInputException when {@code count} or {@code size} is not positive, or when
     *                           {@code count > size} without replacement
     */
    public static int[] randomChoice(int size, int count, boolean replace, Random rng) {
        if (size < 1 || count < 1) {
            throw new BadInputException("cannot take an empty batch: batch size " + count + " out of " + size + " examples");
        }
        int[] out = new int[count];
        if (replace) {
            for (int i = 0; i < count; i++) {
                out[i] = rng.nextInt(size);
            }
            return out;
        }
        if (count > size) {
            throw new BadInputException("cannot take a batch of " + count + " out of " + size + " examples without replacement");
        }
        // A partial Fisher-Yates shuffle: the first `count` places end up a uniform sample.
        int[] pool = arange(size);
        for (int i = 0; i < count; i++) {
            int j = i + rng.nextInt(size - i);
            int tmp = pool[i];
            pool[i] = pool[j];
            pool[j] = tmp;
            out[i] = pool[i];
        }
        return out;
    }

    /**
     * The row gather {@code m[n]}: the rows (sub-arrays along the first axis) at the given
     * indices, in that order, repeats allowed; same dtype as {@code m}.
     *
     * @param m an array of at least one dimension
     * @param n row indices in {@code [0, m.shape[0])}
     * @return shape {@code (n.length,) + m.shape[1:]}
     * @throws BadInputException when an index is out of range or {@code n} is empty
     */
    public static NdArray rows(NdArray m, int[] n) {
        if (m.shape().length == 0) {
            throw new BadInputException("cannot take rows of a 0-d array");
        }
        if (n.length == 0) {
            throw new BadInputException("empty batch: no row indices for m of shape " + m.shapeText());
        }
        int rowLength = m.shape()[0] == 0 ? 0 : m.size() / m.shape()[0];
        int[] shape = m.shape().clone();
        shape[0] = n.length;
        int[] from = new int[n.length];
        for (int i = 0; i < n.length; i++) {
            from[i] = checkIndex(n[i], 0, m) * rowLength;
        }
        return gather(m, shape, from, rowLength);
    }

    /**
     * The element gather {@code m[n, t]}: {@code m[n[i], t[i]]} for every {@code i}, as the
     * label-index cross entropy picks each row's probability of its true class.
     *
     * @param m a matrix
     * @param n row indices
     * @param t column indices, as many as {@code n}
     * @return a 1-D array of {@code n.length} elements, same dtype as {@code m}
     * @throws BadInputException when {@code m} is not a matrix, the index counts differ or are
     *                           zero, or an index is out of range
     */
    public static NdArray elements(NdArray m, int[] n, int[] t) {
        if (m.shape().length != 2) {
            throw new BadInputException("m[n, t] needs a matrix, m has shape " + m.shapeText());
        }
        if (n.length != t.length) {
            throw new BadInputException("m[n, t] needs as many column indices as row indices: n has " + n.length + ", t has " + t.length);
        }
        if (n.length == 0) {
            throw new BadInputException("empty batch: no indices for m of shape " + m.shapeText());
        }
        int[] from = new int[n.length];
        for (int i = 0; i < n.length; i++) {
            from[i] = checkIndex(n[i], 0, m) * m.shape()[1] + checkIndex(t[i], 1, m);
        }
        return gather(m, new int[] {n.length}, from, 1);
    }

    /** @return {@code m[n, t]} of a float64 matrix as plain doubles */
    public static double[] elements(F64Array m, int[] n, int[] t) {
        return ((F64Array) elements((NdArray) m, n, t)).data();
    }

    private static int checkIndex(int index, int axis, NdArray m) {
        int size = m.shape()[axis];
        if (index < 0 || index >= size) {
            throw new BadInputException("index " + index + " is out of bounds for axis " + axis + " with size " + size + " (m has shape " + m.shapeText() + ")");
        }
        return index;
    }

    /** Copies runs of {@code length} elements starting at each of {@code from} into a new array. */
    private static NdArray gather(NdArray m, int[] shape, int[] from, int length) {
        if (m instanceof F64Array a) {
            double[] out = new double[from.length * length];
            for (int i = 0; i < from.length; i++) {
                System.arraycopy(a.data(), from[i], out, i * length, length);
            }
            return new F64Array(shape, out);
        }
        if (m instanceof F32Array a) {
            float[] out = new float[from.length * length];
            for (int i = 0; i < from.length; i++) {
                System.arraycopy(a.data(), from[i], out, i * length, length);
            }
            return new F32Array(shape, out);
        }
        U8Array a = (U8Array) m;
        byte[] out = new byte[from.length * length];
        for (int i = 0; i < from.length; i++) {
            System.arraycopy(a.data(), from[i], out, i * length, length);
        }
        return new U8Array(shape, out);
    }
}
