package scratchnet.core.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import scratchnet.core.BadInputException;
import scratchnet.core.Golden;
import scratchnet.core.array.F64Array;

/** The book's loss examples (section 4.2) against golden.json {@code ch4_loss_examples}. */
class LossesTest {
    private final JsonNode golden = Golden.get("ch4_loss_examples");
    private final double[] t = Golden.vector(golden.get("t"));
    private final double[] y = Golden.vector(golden.get("y"));
    private final double[] y2 = Golden.vector(golden.get("y2"));

    @Test
    void meanSquaredErrorMatchesNumpyBitForBit() {
        assertEquals(golden.get("mse_y").asDouble(), Losses.meanSquaredError(y, t), 0.0);
        assertEquals(golden.get("mse_y2").asDouble(), Losses.meanSquaredError(y2, t), 0.0);
    }

    @Test
    void crossEntropyErrorOfOneExample() {
        assertEquals(golden.get("cee_y").asDouble(), Losses.crossEntropyError(y, t), 0.0);
        assertEquals(golden.get("cee_y2").asDouble(), Losses.crossEntropyError(y2, t), 0.0);
    }

    @Test
    void miniBatchVersionsAgreeForOneHotAndLabels() {
        F64Array ys = F64Array.matrix(new double[][] {y, y2});
        F64Array ts = F64Array.matrix(new double[][] {t, t});
        double mean = (golden.get("cee_y").asDouble() + golden.get("cee_y2").asDouble()) / 2;
        assertEquals(mean, Losses.crossEntropyError(ys, ts), 1e-15);
        assertEquals(mean, Losses.crossEntropyError(ys, new int[] {2, 2}), 1e-15);
        // a single row is a batch of one, as the book's reshape(1, y.size) makes it
        assertEquals(golden.get("cee_y_common_functions_version").asDouble(), Losses.crossEntropyError(F64Array.vector(y), new int[] {2}), 0.0);
        assertEquals(golden.get("cee_y2_common_functions_version").asDouble(), Losses.crossEntropyError(F64Array.vector(y2), F64Array.vector(t)), 0.0);
    }

    @Test
    void perImageFormsOfAFloatSoftmaxRowAreTheDefinitionsBitForBit() {
        // two rows side by side, as evaluation and training hold them; label 2 as in t
        float[] rows = new float[20];
        for (int k = 0; k < 10; k++) {
            rows[k] = (float) y[k];
            rows[10 + k] = (float) y2[k];
        }
        for (int r = 0; r < 2; r++) {
            double[] row = new double[10];
            for (int k = 0; k < 10; k++) {
                row[k] = rows[10 * r + k];
            }
            assertEquals(Losses.crossEntropyError(row, t), Losses.crossEntropyError(rows, 10 * r, 2), 0.0);
            assertEquals(Losses.crossEntropyError(F64Array.vector(row), new int[] {2}), Losses.crossEntropyError(rows, 10 * r, 2), 0.0);
            assertEquals(Losses.meanSquaredError(row, t), Losses.meanSquaredError(rows, 10 * r, 10, 2), 0.0);
        }
        // and the book's values but for y's rounding to float32
        assertEquals(golden.get("cee_y").asDouble(), Losses.crossEntropyError(rows, 0, 2), 1e-7);
        assertEquals(golden.get("cee_y2").asDouble(), Losses.crossEntropyError(rows, 10, 2), 1e-7);
        assertEquals(golden.get("mse_y").asDouble(), Losses.meanSquaredError(rows, 0, 10, 2), 1e-7);
        assertEquals(golden.get("mse_y2").asDouble(), Losses.meanSquaredError(rows, 10, 10, 2), 1e-7);
    }

    @Test
    void badInputNamesTheShapes() {
        BadInputException e = assertThrows(BadInputException.class, () -> Losses.meanSquaredError(y, new double[9]));
        assertTrue(e.getMessage().contains("(10,)") && e.getMessage().contains("(9,)"), e.getMessage());
        e = assertThrows(BadInputException.class,
                () -> Losses.crossEntropyError(new F64Array(new int[] {2, 5}, new double[10]), new F64Array(new int[] {5, 2}, new double[10])));
        assertTrue(e.getMessage().contains("(2, 5)") && e.getMessage().contains("(5, 2)"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> Losses.crossEntropyError(new F64Array(new int[] {2, 10}, new double[20]), new int[] {1, 2, 3}));
        assertTrue(e.getMessage().contains("(2, 10)") && e.getMessage().contains("3 labels"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> Losses.crossEntropyError(F64Array.vector(y), new int[] {10}));
        assertTrue(e.getMessage().contains("t[0] = 10"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> Losses.crossEntropyError(new F64Array(new int[] {0, 10}, new double[0]), new int[0]));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        double[] withNaN = y.clone();
        withNaN[3] = Double.NaN;
        e = assertThrows(BadInputException.class, () -> Losses.crossEntropyError(withNaN, t));
        assertTrue(e.getMessage().contains("NaN at index 3"), e.getMessage());
    }
}
