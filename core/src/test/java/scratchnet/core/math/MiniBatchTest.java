package scratchnet.core.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import scratchnet.core.BadInputException;
import scratchnet.core.array.F64Array;
import scratchnet.core.array.NdArray;
import scratchnet.core.array.U8Array;

/** Mini-batch choice and gathers (section 4.2.3). */
class MiniBatchTest {
    /** The notebook's {@code m}: {@code np.array([[1, 2], [3, 4], [5, 6], [7, 8]])}. */
    private final U8Array m = new U8Array(new int[] {4, 2}, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});

    @Test
    void randomChoiceIsSeededAndInRange() {
        int[] a = MiniBatch.randomChoice(60000, 10, new Random(42));
        assertArrayEquals(a, MiniBatch.randomChoice(60000, 10, new Random(42)));
        assertEquals(10, a.length);
        assertTrue(Arrays.stream(a).allMatch(i -> i >= 0 && i < 60000));
        // with replacement, a tiny range must repeat
        int[] small = MiniBatch.randomChoice(3, 50, new Random(1));
        assertEquals(3, Arrays.stream(small).distinct().count());
        // without replacement, all distinct, and all of them when count == size
        int[] all = MiniBatch.randomChoice(20, 20, false, new Random(3));
        assertArrayEquals(MiniBatch.arange(20), Arrays.stream(all).sorted().toArray());
    }

    @Test
    void rowAndElementGathers() {
        NdArray rows = MiniBatch.rows(m, new int[] {1, 3});
        assertArrayEquals(new int[] {2, 2}, rows.shape());
        assertArrayEquals(new double[] {3, 4, 7, 8}, rows.toDoubles(), 0.0);
        NdArray elements = MiniBatch.elements(m, new int[] {1, 3}, new int[] {1, 1});
        assertArrayEquals(new int[] {2}, elements.shape());
        assertArrayEquals(new double[] {4, 8}, elements.toDoubles(), 0.0);
        F64Array y = F64Array.matrix(new double[][] {{0.1, 0.9}, {0.8, 0.2}});
        assertArrayEquals(new double[] {0.9, 0.8}, MiniBatch.elements(y, MiniBatch.arange(2), new int[] {1, 0}), 0.0);
        assertArrayEquals(new double[] {7, 8, 7, 8}, MiniBatch.rows(m, new int[] {3, 3}).toDoubles(), 0.0, "repeats allowed");
    }

    @Test
    void badInputIsNamed() {
        BadInputException e = assertThrows(BadInputException.class, () -> MiniBatch.rows(m, new int[] {1, 4}));
        assertEquals("index 4 is out of bounds for axis 0 with size 4 (m has shape (4, 2))", e.getMessage());
        e = assertThrows(BadInputException.class, () -> MiniBatch.elements(m, new int[] {1}, new int[] {2}));
        assertEquals("index 2 is out of bounds for axis 1 with size 2 (m has shape (4, 2))", e.getMessage());
        e = assertThrows(BadInputException.class, () -> MiniBatch.elements(m, new int[] {1, 2}, new int[] {0}));
        assertTrue(e.getMessage().contains("n has 2, t has 1"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> MiniBatch.randomChoice(10, 11, false, new Random(0)));
        assertEquals("cannot take a batch of 11 out of 10 examples without replacement", e.getMessage());
        e = assertThrows(BadInputException.class, () -> MiniBatch.randomChoice(10, 0, new Random(0)));
        assertTrue(e.getMessage().contains("empty batch"), e.getMessage());
        assertThrows(BadInputException.class, () -> MiniBatch.rows(m, new int[0]));
    }
}
