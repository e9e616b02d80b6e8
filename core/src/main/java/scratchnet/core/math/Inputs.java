package scratchnet.core.math;

import scratchnet.core.BadInputException;
import scratchnet.core.array.NdArray;

/** The checks every chapter 4 function makes on its arguments, with messages naming the shapes. */
final class Inputs {

    private Inputs() {
    }

    /** @throws BadInputException when {@code values} holds a NaN, naming the argument and the index */
    static void requireNoNaN(String name, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (Double.isNaN(values[i])) {
                throw new BadInputException(name + " holds NaN at index " + i + " (of " + values.length + ")");
            }
        }
    }

    /** @throws BadInputException when the two shapes differ, naming both */
    static void requireSameShape(String a, int[] shapeA, String b, int[] shapeB) {
        if (!java.util.Arrays.equals(shapeA, shapeB)) {
            throw new BadInputException(a + " has shape " + NdArray.shapeText(shapeA) + " but " + b + " has shape " + NdArray.shapeText(shapeB));
        }
    }

    /** @throws BadInputException when the array is empty */
    static void requireNonEmpty(String name, int[] shape) {
        if (NdArray.sizeOf(shape) == 0) {
            throw new BadInputException(name + " is empty: shape " + NdArray.shapeText(shape));
        }
    }
}
