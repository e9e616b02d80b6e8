package scratchnet.core.io;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Python's view of the plain values the unpickler builds, for checks and error messages. */
final class PickleValues {

    private PickleValues() {
    }

    /** @return the Python type of an unpickled value, e.g. {@code tuple}, {@code numpy.ndarray} */
    static String typeName(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof Boolean) {
            return "bool";
        }
        if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
            return "int";
        }
        if (value instanceof Double) {
            return "float";
        }
        if (value instanceof String) {
            return "str";
        }
        if (value instanceof byte[]) {
            return "bytes";
        }
        if (value instanceof Object[]) {
            return "tuple";
        }
        if (value instanceof List) {
            return "list";
        }
        if (value instanceof Map) {
            return "dict";
        }
        if (value instanceof Set) {
            return "set";
        }
        if (value instanceof PickledArray) {
            return "numpy.ndarray";
        }
        if (value instanceof PickledDtype) {
            return "numpy.dtype";
        }
        if (value instanceof NumpyGlobal g) {
            return g.toString();
        }
        return value.getClass().getSimpleName();
    }

    /** @return the types of a tuple's items, e.g. {@code (numpy.ndarray, tuple, bytes)} */
    static String typesOf(Object[] values) {
        return Arrays.stream(values).map(PickleValues::typeName).collect(Collectors.joining(", ", "(", ")"));
    }

    /** @return a tuple of non-negative ints as an array, or {@code null} when it is anything else */
    static int[] intTuple(Object value) {
        if (!(value instanceof Object[] items)) {
            return null;
        }
        int[] out = new int[items.length];
        for (int i = 0; i < items.length; i++) {
            if (!(items[i] instanceof Integer n) || n < 0) {
                // Pickled ints that fit in an int arrive as Integer; larger ones cannot be a shape here.
                return null;
            }
            out[i] = n;
        }
        return out;
    }
}
