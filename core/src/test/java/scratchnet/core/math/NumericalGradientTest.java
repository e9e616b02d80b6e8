package scratchnet.core.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import scratchnet.core.BadInputException;
import scratchnet.core.Golden;
import scratchnet.core.array.F64Array;

/**
 * Numerical derivatives and gradient descent (sections 4.3–4.4) against golden.json
 * {@code ch4_numerical_gradient_function_2} and {@code ch4_gradient_descent}.
 */
class NumericalGradientTest {

    @Test
    void numericalDiffOfFunction1AsInTheBook() {
        // the book prints 0.1999999999990898 and 0.2999999999986347
        assertEquals(0.1999999999990898, NumericalGradient.numericalDiff(ExampleFunctions::function1, 5), 0.0);
        assertEquals(0.2999999999986347, NumericalGradient.numericalDiff(ExampleFunctions::function1, 10), 0.0);
    }

    @Test
    void partialDerivativeIsTheCentralDifferenceOfTheElementAndRestoresIt() {
        double[] x = {3.0, 4.0};
        double d = NumericalGradient.partialDerivative(x, 1, () -> ExampleFunctions.function2(x));
        assertEquals(NumericalGradient.numericalDiff(x1 -> Math.pow(3.0, 2.0) + x1 * x1, 4.0), d, 0.0);
        assertEquals(Golden.vector(Golden.get("ch4_numerical_gradient_function_2").get("at_3_4"))[1], d, 0.0);
        assertArrayEquals(new double[] {3.0, 4.0}, x, 0.0, "x is restored");
    }

    @Test
    void gradientOfFunction2MatchesNumpy() {
        JsonNode golden = Golden.get("ch4_numerical_gradient_function_2");
        assertEquals(golden.get("h").asDouble(), NumericalGradient.H, 0.0);
        double[][] points = {{3, 4}, {0, 2}, {3, 0}, {5, 6}};
        String[] keys = {"at_3_4", "at_0_2", "at_3_0", "at_5_6"};
        for (int i = 0; i < points.length; i++) {
            double[] x = points[i].clone();
            assertArrayEquals(Golden.vector(golden.get(keys[i])), NumericalGradient.numericalGradient(ExampleFunctions::function2, x), 0.0, keys[i]);
            assertArrayEquals(points[i], x, 0.0, "x is restored");
        }
    }

    @Test
    void gradientDescentRunsOfTheBook() {
        JsonNode golden = Golden.get("ch4_gradient_descent");
        double[] init = Golden.vector(golden.get("init_x"));
        assertArrayEquals(Golden.vector(golden.get("lr0.1_steps100")), GradientDescent.gradientDescent(ExampleFunctions::function2, init, 0.1, 100), 0.0);
        assertArrayEquals(Golden.vector(golden.get("lr0.1_steps20")), GradientDescent.gradientDescent(ExampleFunctions::function2, init, 0.1, 20), 0.0);
        assertArrayEquals(Golden.vector(golden.get("lr10_steps100")), GradientDescent.gradientDescent(ExampleFunctions::function2, init, 10, 100), 0.0);
        assertArrayEquals(Golden.vector(golden.get("lr1e-10_steps100")), GradientDescent.gradientDescent(ExampleFunctions::function2, init, 1e-10, 100), 0.0);
        assertArrayEquals(new double[] {-3, 4}, init, 0.0, "init_x is left as it was");
    }

    @Test
    void rowByRowAndElementIteratorAreBitIdentical() {
        // the gradient field of section 4.4: function_2 over np.array([X, Y]) of the meshgrid
        double[] axis = Grids.arange(-2, 2.5, 0.25);
        Grids.Mesh mesh = Grids.meshgrid(axis, axis);
        F64Array xy = F64Array.matrix(new double[][] {Grids.flatten(mesh.X()).data(), Grids.flatten(mesh.Y()).data()});
        F64Array before = xy.copy();
        F64Array byRows = NumericalGradient.numericalGradientByRows(ExampleFunctions::function2, xy);
        assertArrayEquals(before.data(), xy.data(), 0.0, "restored after the row-by-row gradient");
        // element by element the sum of squares has the same partial derivatives whether f sees a row or all
        F64Array byElements = NumericalGradient.numericalGradient(a -> ExampleFunctions.function2(a.data()), xy);
        assertArrayEquals(before.data(), xy.data(), 0.0, "restored after the element-iterator gradient");
        for (int i = 0; i < xy.size(); i++) {
            assertEquals(2 * xy.data()[i], byRows.data()[i], 1e-6);
            assertEquals(2 * xy.data()[i], byElements.data()[i], 1e-6);
        }
        // with a function of the matrix itself (as the book's f = lambda W: net.loss(x, t)), bit-identical
        F64Array w = F64Array.matrix(new double[][] {{0.3, -1.2, 2.5}, {0.7, 0.01, -0.4}});
        java.util.function.DoubleSupplier loss = () -> {
            double s = 0;
            for (int i = 0; i < 6; i++) {
                s += Math.sin(w.data()[i] * (i + 1)) * w.data()[(i + 1) % 6];
            }
            return s;
        };
        F64Array a = NumericalGradient.numericalGradientByRows(row -> loss.getAsDouble(), w);
        F64Array b = NumericalGradient.numericalGradient(m -> loss.getAsDouble(), w);
        assertArrayEquals(a.data(), b.data(), 0.0);
    }

    @Test
    void restoresTheParametersEvenWhenTheFunctionFails() {
        double[] x = {1, 2};
        assertThrows(IllegalStateException.class, () -> NumericalGradient.numericalGradient(v -> {
            throw new IllegalStateException("boom");
        }, x));
        assertArrayEquals(new double[] {1, 2}, x, 0.0);
    }

    @Test
    void rejectsNaNAndNonMatrices() {
        assertThrows(BadInputException.class, () -> NumericalGradient.numericalGradient(ExampleFunctions::function2, new double[] {1, Double.NaN}));
        BadInputException e = assertThrows(BadInputException.class,
                () -> NumericalGradient.numericalGradientByRows(ExampleFunctions::function2, F64Array.vector(1, 2)));
        assertEquals("the row-by-row gradient needs a matrix, x has shape (2,)", e.getMessage());
        assertThrows(BadInputException.class, () -> GradientDescent.gradientDescent(ExampleFunctions::function2, new double[] {1}, Double.NaN, 10));
    }
}
