package scratchnet.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Where each element of a transposed or Fortran-order buffer lies, against index arithmetic done by hand. */
class AxisOrderTest {

    @Test
    void fortranMatrixRunsDownTheColumns() {
        // A 2x3 matrix in Fortran order is stored a00 a10 a01 a11 a02 a12.
        assertArrayEquals(new int[] {0, 2, 4, 1, 3, 5}, AxisOrder.fortranSource(new int[] {2, 3}));
    }

    @Test
    void fortranOfVectorsAndScalarsIsTheIdentity() {
        assertArrayEquals(new int[] {0, 1, 2}, AxisOrder.fortranSource(new int[] {3}));
        assertArrayEquals(new int[] {0}, AxisOrder.fortranSource(new int[0]));
        assertArrayEquals(new int[0], AxisOrder.fortranSource(new int[] {0, 4}));
    }

    @Test
    void fortranThreeDimensionalMatchesItsStrides() {
        int[] shape = {2, 3, 4};
        int[] source = AxisOrder.fortranSource(shape);
        int c = 0;
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 4; k++) {
                    assertEquals(i + 2 * j + 6 * k, source[c++], "element " + i + "," + j + "," + k);
                }
            }
        }
    }

    @Test
    void transposeFollowsNumpyTranspose() {
        // np.arange(24).reshape(2, 3, 4).transpose(1, 0, 2): element [j, i, k] is buffer[i, j, k].
        int[] memory = {2, 3, 4};
        int[] axes = {1, 0, 2};
        assertArrayEquals(new int[] {3, 2, 4}, AxisOrder.transposedShape(memory, axes));
        int[] source = AxisOrder.transposeSource(memory, axes);
        int c = 0;
        for (int j = 0; j < 3; j++) {
            for (int i = 0; i < 2; i++) {
                for (int k = 0; k < 4; k++) {
                    assertEquals(12 * i + 4 * j + k, source[c++], "element " + j + "," + i + "," + k);
                }
            }
        }
    }

    @Test
    void permutationsAreChecked() {
        assertTrue(AxisOrder.isPermutation(new int[] {2, 0, 1}));
        assertFalse(AxisOrder.isPermutation(new int[] {0, 0, 1}));
        assertFalse(AxisOrder.isPermutation(new int[] {0, 3, 1}));
        assertFalse(AxisOrder.isPermutation(new int[] {-1, 0}));
    }
}
