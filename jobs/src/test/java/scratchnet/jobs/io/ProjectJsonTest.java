package scratchnet.jobs.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** No JSON the project writes holds NaN or infinity, as a number or a string: they are written as null. */
class ProjectJsonTest {

    @Test
    void nonFiniteNumbersAreWrittenAsNullEverywhere() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nan", Double.NaN);
        m.put("inf", Double.POSITIVE_INFINITY);
        m.put("float", Float.NEGATIVE_INFINITY);
        m.put("fine", 0.5);
        m.put("doubles", new double[] {1, Double.NaN});
        m.put("floats", new float[] {Float.NaN, 2});
        m.put("list", List.of(Double.NaN, 3.0));
        m.put("record", new Pair(Double.NaN, Float.POSITIVE_INFINITY));
        ObjectNode tree = ProjectJson.MAPPER.createObjectNode();
        tree.put("nan", Double.NaN);
        m.put("tree", tree);
        String text = new String(ProjectJson.bytes(m), StandardCharsets.UTF_8);
        assertFalse(text.contains("NaN") || text.contains("Infinity"), text);
        JsonNode back = ProjectJson.MAPPER.readTree(text);
        assertEquals("{\"nan\":null,\"inf\":null,\"float\":null,\"fine\":0.5,\"doubles\":[1.0,null],\"floats\":[null,2.0],"
                + "\"list\":[null,3.0],\"record\":{\"a\":null,\"b\":null},\"tree\":{\"nan\":null}}", back.toString());
    }

    /** A record, as the report's runs are. */
    record Pair(double a, float b) {
    }
}
