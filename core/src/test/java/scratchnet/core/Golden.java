package scratchnet.core;

import com.fasterxml.jackson.databind.JsonNode;

import scratchnet.core.array.F64Array;

/** The NumPy reference values of {@code golden.json} ({@link TestData#golden()}), by section. */
public final class Golden {

    private Golden() {
    }

    /** @return the section of golden.json with this key */
    public static JsonNode get(String key) {
        return TestData.golden().get(key);
    }

    /** @return a JSON array of numbers as doubles */
    public static double[] vector(JsonNode node) {
        double[] out = new double[node.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = node.get(i).asDouble();
        }
        return out;
    }

    /** @return a JSON array of equally long arrays of numbers as a matrix */
    public static F64Array matrix(JsonNode node) {
        double[][] rows = new double[node.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = vector(node.get(i));
        }
        return F64Array.matrix(rows);
    }
}
