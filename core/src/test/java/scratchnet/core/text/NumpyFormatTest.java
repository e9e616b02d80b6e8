package scratchnet.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import scratchnet.core.array.F32Array;
import scratchnet.core.array.F64Array;
import scratchnet.core.array.U8Array;
import scratchnet.core.math.Grids;

/** {@link NumpyFormat} against what NumPy 2.4.6 prints for the same arrays ({@code numpy-str.json}). */
class NumpyFormatTest {
    private static JsonNode expected;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = NumpyFormatTest.class.getResourceAsStream("numpy-str.json")) {
            expected = new ObjectMapper().readTree(in);
        }
    }

    private static void check(String name, String actual) {
        assertEquals(expected.get(name).asText(), actual, name);
    }

    @Test
    void floatVectorsChooseNumpysLayout() {
        Map<String, double[]> cases = new LinkedHashMap<>();
        cases.put("grad56", new double[] {9.999999999976694, 11.999999999972033});
        cases.put("gd01", new double[] {-6.111107928998789e-10, 8.148143905314271e-10});
        cases.put("gd10", new double[] {-25898374737328.363, -1295248616896.5398});
        cases.put("gd1e-10", new double[] {-2.999999939999995, 3.9999999199999934});
        cases.put("mixed", new double[] {0.25, 10.0, -3.5});
        cases.put("zeros4", new double[] {0.0, 4.000000000004});
        cases.put("negzero", new double[] {-0.0, 1.5});
        cases.put("nan", new double[] {Double.NaN, 1.5, Double.NEGATIVE_INFINITY});
        cases.put("expzero", new double[] {0.0, 1e-5, 2.5});
        cases.put("half", new double[] {0.001953125, 1.0 / 3});
        cases.put("mixmag", new double[] {1.0, 1e-3, 123456.789});
        cases.put("large", new double[] {1e8, 1.0});
        cases.put("big exp", new double[] {1e100, -1e-100});
        cases.put("empty", new double[0]);
        cases.forEach((name, values) -> check(name, NumpyFormat.str(values)));
    }

    @Test
    void matricesHaveAHangingIndent() {
        check("simplenet", NumpyFormat.str(F64Array.matrix(new double[][] {
                {0.23001267815292437, 0.2969220242521331, -0.5269347023562077},
                {0.3450190172693546, 0.4453830363804201, -0.7904020534810208}})));
        double[] onehot = new double[30];
        onehot[5] = 1;
        onehot[10] = 1;
        onehot[24] = 1;
        check("onehot", NumpyFormat.str(new F64Array(new int[] {3, 10}, onehot)));
    }

    @Test
    void longArraysWrapAt75Columns() {
        Grids.Mesh mesh = Grids.meshgrid(Grids.arange(-2, 2.5, 0.25), Grids.arange(-2, 2.5, 0.25));
        check("X", NumpyFormat.str(mesh.X()));
        check("Xflat", NumpyFormat.str(Grids.flatten(mesh.X())));
        check("Yflat", NumpyFormat.str(Grids.flatten(mesh.Y())));
    }

    @Test
    void largeArraysAreSummarised() {
        byte[] labels = new byte[1203];
        byte[] pattern = {5, 0, 4, 1, 9, 2};
        for (int i = 0; i < 1200; i++) {
            labels[i] = pattern[i % 6];
        }
        labels[1200] = 5;
        labels[1201] = 6;
        labels[1202] = 8;
        check("t_train-like", NumpyFormat.str(new U8Array(new int[] {1203}, labels)));

        float[] big = new float[2000 * 784];
        for (int i = 0; i < big.length; i++) {
            big[i] = (float) i / 7f;
        }
        check("big2d", NumpyFormat.str(new F32Array(new int[] {2000, 784}, big)));
    }

    @Test
    void integersBooleansAndFloat32() {
        check("ints", NumpyFormat.str(44838, 12, 567, 3));
        check("argmax", NumpyFormat.str(1, 2, 1, 0));
        check("bool", NumpyFormat.str(true, true, false, true));
        check("f32", NumpyFormat.str(new F32Array(new int[] {3}, new float[] {0.1f, 0.2f, 1f / 3f})));
    }
}
