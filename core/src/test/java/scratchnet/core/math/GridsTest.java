package scratchnet.core.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import scratchnet.core.BadInputException;
import scratchnet.core.array.F64Array;
import scratchnet.core.array.NdIter;
import scratchnet.core.array.NdArray;

/** arange, meshgrid, flatten and the element iterator. */
class GridsTest {

    @Test
    void arangeExcludesStop() {
        double[] a = Grids.arange(-2, 2.5, 0.25);
        assertEquals(18, a.length);
        assertEquals(-2, a[0], 0.0);
        assertEquals(2.25, a[17], 0.0);
        assertArrayEquals(new double[] {0, 0.1, 0.2}, Grids.arange(0, 0.3, 0.1), 1e-15);
        assertEquals(0, Grids.arange(1, 0, 1).length);
        assertThrows(BadInputException.class, () -> Grids.arange(0, 1, 0));
    }

    @Test
    void meshgridAndFlatten() {
        Grids.Mesh mesh = Grids.meshgrid(new double[] {1, 2, 3}, new double[] {10, 20});
        assertArrayEquals(new int[] {2, 3}, mesh.X().shape());
        assertArrayEquals(new double[] {1, 2, 3, 1, 2, 3}, mesh.X().data(), 0.0);
        assertArrayEquals(new double[] {10, 10, 10, 20, 20, 20}, mesh.Y().data(), 0.0);
        F64Array flat = Grids.flatten(mesh.Y());
        assertArrayEquals(new int[] {6}, flat.shape());
        assertArrayEquals(mesh.Y().data(), flat.data(), 0.0);
    }

    @Test
    void ndIterWalksInCOrder() {
        StringBuilder sb = new StringBuilder();
        for (NdIter it = new NdIter(new int[] {2, 3}); !it.finished(); it.iternext()) {
            sb.append(it.flatIndex()).append(" <").append(NdArray.shapeText(it.multiIndex())).append(">\n");
        }
        assertEquals("0 <(0, 0)>\n1 <(0, 1)>\n2 <(0, 2)>\n3 <(1, 0)>\n4 <(1, 1)>\n5 <(1, 2)>\n", sb.toString());
        assertEquals(true, new NdIter(new int[] {0, 3}).finished());
    }
}
