package scratchnet.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import scratchnet.core.array.F64Array;

/** The NumPy reference values in {@code ../shared/golden.json}, found through {@code -Dscratchnet.shared}. */
public final class Golden {
    private static JsonNode root;

    private Golden() {
    }

    /** @return the section of golden.json with this key */
    public static synchronized JsonNode get(String key) {
        if (root == null) {
            Path file = Path.of(System.getProperty("scratchnet.shared", "../../shared"), "golden.json");
            try {
                root = new ObjectMapper().readTree(file.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root.get(key);
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
