package scratchnet.core.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import scratchnet.core.BadInputException;

/**
 * Each optimizer's update on a tiny case, against NumPy float32 running the book's formulas (the
 * reference script's loop): three updates of two arrays, bit for bit.
 */
class OptimizerTest {
    private static final float[][][] GRADS = {
        {{0.3f, -0.1f, 0.0f}, {2.0f}},
        {{-0.2f, 0.4f, 0.1f}, {-1.0f}},
        {{0.05f, 0.05f, -0.3f}, {0.5f}},
    };

    private static float[][] start() {
        return new float[][] {{1.0f, -2.0f, 0.5f}, {0.25f}};
    }

    /** Expected values: NumPy 2.4 float32, printed with float.hex(). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "sgd;      0.1;   0x1.f851ecp-1, -0x1.047ae2p+1, 0x1.0a3d7p-1, 0x1.99999cp-4",
        "momentum; 0.1;   0x1.e7453ap-1, -0x1.06e632p+1, 0x1.05a1ccp-1, -0x1.374bc4p-3",
        "adagrad;  0.01;  0x1.fd044cp-1, -0x1.001daap+1, 0x1.ff797ap-2, 0x1.f035b6p-3",
        "adam;     0.001; 0x1.ff4ff8p-1, -0x1.000228p+1, 0x1.ffac26p-2, 0x1.fcb596p-3",
    })
    void threeUpdatesAreNumpysBitForBit(String name, double lr, String expected) {
        Optimizer opt = Optimizer.Kind.parse(name).create(lr);
        float[][] p = start();
        for (float[][] g : GRADS) {
            opt.update(p, g);
        }
        String[] e = expected.split(",");
        float[] want = new float[e.length];
        for (int i = 0; i < e.length; i++) {
            want[i] = Float.parseFloat(e[i].trim());
        }
        assertArrayEquals(new float[] {want[0], want[1], want[2]}, p[0], 0f);
        assertArrayEquals(new float[] {want[3]}, p[1], 0f);
        assertEquals(3, opt.steps());
    }

    @ParameterizedTest
    @CsvSource({"sgd, 0", "momentum, 1", "adagrad, 1", "adam, 2"})
    void stateCanBeSavedAndRestoredMidway(String name, int stateArrays) {
        Optimizer straight = Optimizer.Kind.parse(name).create(0.05);
        float[][] p1 = start();
        for (float[][] g : GRADS) {
            straight.update(p1, g);
        }
        Optimizer first = Optimizer.Kind.parse(name).create(0.05);
        float[][] p2 = start();
        first.update(p2, GRADS[0]);
        assertEquals(stateArrays, first.state().size());
        Map<String, float[][]> saved = new java.util.LinkedHashMap<>();
        first.state().forEach((k, v) -> saved.put(k, Params.copy(v)));
        Optimizer second = Optimizer.Kind.parse(name).create(0.05);
        second.restore(saved, first.steps());
        second.update(p2, GRADS[1]);
        second.update(p2, GRADS[2]);
        assertArrayEquals(p1[0], p2[0], 0f);
        assertArrayEquals(p1[1], p2[1], 0f);
    }

    @Test
    void badRatesAndNamesAreRefused() {
        assertThrows(BadInputException.class, () -> Optimizer.Kind.parse("sgd").create(0));
        assertThrows(BadInputException.class, () -> Optimizer.Kind.parse("adam").create(-1e-3));
        assertThrows(BadInputException.class, () -> Optimizer.Kind.parse("adam").create(Double.NaN));
        BadInputException e = assertThrows(BadInputException.class, () -> Optimizer.Kind.parse("rmsprop").create(0.1));
        assertTrue(e.getMessage().contains("sgd, momentum, adagrad, adam"));
    }

    @Test
    void initialisationsHaveTheirDeviations() {
        LayerSizes sizes = LayerSizes.BOOK;
        for (String name : new String[] {"0.01", "xavier", "he"}) {
            Init init = Init.parse(name);
            float[][] p = init.initialize(sizes, 42);
            assertArrayEquals(p[0], init.initialize(sizes, 42)[0], 0f, "same seed, same weights");
            for (int l = 0; l < 3; l++) {
                double sq = 0;
                for (float v : p[2 * l]) {
                    sq += v * v;
                }
                double std = Math.sqrt(sq / p[2 * l].length);
                double want = name.equals("0.01") ? 0.01 : Math.sqrt((name.equals("he") ? 2.0 : 1.0) / sizes.size(l));
                assertEquals(want, std, want * 0.15, name + " W" + (l + 1));
                assertArrayEquals(new float[sizes.size(l + 1)], p[2 * l + 1], 0f, "biases start at zero");
            }
        }
        assertThrows(BadInputException.class, () -> Init.parse("glorot"));
        assertThrows(BadInputException.class, () -> Init.parse("-0.1"));
    }
}
