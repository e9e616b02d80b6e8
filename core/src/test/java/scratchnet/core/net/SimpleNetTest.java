package scratchnet.core.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import scratchnet.core.BadInputException;
import scratchnet.core.Golden;
import scratchnet.core.array.F64Array;
import scratchnet.core.math.Activations;
import scratchnet.core.math.NumericalGradient;

/** simpleNet (section 4.4.2) against golden.json {@code ch4_simplenet} and {@code ch4_simplenet_book_text_W}. */
class SimpleNetTest {

    @ParameterizedTest
    @ValueSource(strings = {"ch4_simplenet", "ch4_simplenet_book_text_W"})
    void matchesNumpy(String key) {
        JsonNode golden = Golden.get(key);
        F64Array w = Golden.matrix(golden.get("W"));
        double[] x = Golden.vector(golden.get("x"));
        double[] t = Golden.vector(golden.get("t"));
        SimpleNet net = new SimpleNet(w);

        double[] p = net.predict(x);
        assertArrayEquals(Golden.vector(golden.get("predict")), p, 1e-9);
        assertArrayEquals(Golden.vector(golden.get("softmax")), Activations.softmax(p), 1e-9);
        assertEquals(golden.get("argmax").asInt(), Activations.argmax(p));
        assertEquals(golden.get("loss").asDouble(), net.loss(x, t), 1e-9);

        F64Array before = w.copy();
        F64Array byRows = NumericalGradient.numericalGradientByRows(row -> net.loss(x, t), net.W());
        F64Array byElements = NumericalGradient.numericalGradient(W -> net.loss(x, t), net.W());
        assertArrayEquals(before.data(), net.W().data(), 0.0, "W restored exactly");
        assertArrayEquals(Golden.matrix(golden.get("dW_rowwise")).data(), byRows.data(), 1e-9);
        assertArrayEquals(Golden.matrix(golden.get("dW_nditer")).data(), byElements.data(), 1e-9);
        assertTrue(golden.get("rowwise_nditer_bit_identical").asBoolean());
        assertArrayEquals(byRows.data(), byElements.data(), 0.0, "bit-identical, as the notebook's check");
        assertArrayEquals(new int[] {2, 3}, byRows.shape());
    }

    @Test
    void randnIsSeeded() {
        assertArrayEquals(SimpleNet.randn(new Random(7)).W().data(), SimpleNet.randn(new Random(7)).W().data(), 0.0);
        assertArrayEquals(new int[] {2, 3}, SimpleNet.randn(new Random(7)).W().shape());
    }

    @Test
    void badShapesAreNamed() {
        SimpleNet net = new SimpleNet(new F64Array(new int[] {2, 3}, new double[6]));
        BadInputException e = assertThrows(BadInputException.class, () -> net.predict(new double[] {1, 2, 3}));
        assertEquals("x has shape (3,) but W has shape (2, 3)", e.getMessage());
        e = assertThrows(BadInputException.class, () -> net.loss(new double[] {1, 2}, new double[] {0, 1}));
        assertEquals("y has shape (3,) but t has shape (2,)", e.getMessage());
        assertThrows(BadInputException.class, () -> new SimpleNet(F64Array.vector(1, 2, 3)));
        assertThrows(BadInputException.class, () -> new SimpleNet(F64Array.matrix(new double[][] {{1, Double.NaN}})));
    }
}
