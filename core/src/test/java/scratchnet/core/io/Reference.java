package scratchnet.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import scratchnet.core.TestData;
import scratchnet.core.array.F32Array;
import scratchnet.core.array.F64Array;
import scratchnet.core.array.NdArray;
import scratchnet.core.array.U8Array;

/**
 * What our readers are checked against: the book's pickle, and arrays as NumPy itself dumped
 * them: for each array {@code key.raw} holds its C-order bytes, and {@code manifest.txt} a line
 * {@code key<TAB>dtype<TAB>dims} per array, in order.
 */
final class Reference {

    /** The book's pickle, as a file. */
    static final Path SAMPLE_WEIGHTS = TestData.sampleWeights();

    /** Python that defines {@code dump(arrays, dir)}, writing the above. */
    static final String DUMP = """
            import os, sys, pickle
            import numpy as np
            def dump(arrays, out):
                os.makedirs(out, exist_ok=True)
                with open(os.path.join(out, 'manifest.txt'), 'w') as m:
                    for k, a in arrays.items():
                        np.ascontiguousarray(a).tofile(os.path.join(out, k + '.raw'))
                        m.write(k + '\\t' + a.dtype.str + '\\t' + ','.join(map(str, a.shape)) + '\\n')
            """;

    /** One array as NumPy holds it. */
    record Expected(String dtype, int[] shape, byte[] raw) {
    }

    private Reference() {
    }

    /** @return the arrays in a directory written by {@code dump}, in order */
    static Map<String, Expected> load(Path dir) {
        try {
            Map<String, Expected> out = new LinkedHashMap<>();
            for (String line : Files.readAllLines(dir.resolve("manifest.txt"))) {
                String[] parts = line.split("\t", -1);
                int[] shape = parts[2].isEmpty() ? new int[0] : Arrays.stream(parts[2].split(",")).mapToInt(Integer::parseInt).toArray();
                out.put(parts[0], new Expected(parts[1], shape, Files.readAllBytes(dir.resolve(parts[0] + ".raw"))));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts same keys in the same order, same dtypes and shapes, and bit-identical elements. */
    static void assertSame(Map<String, Expected> expected, Map<String, ? extends NdArray> actual) {
        assertEquals(List.copyOf(expected.keySet()), new ArrayList<>(actual.keySet()), "keys");
        expected.forEach((key, e) -> assertSame(key, e, actual.get(key)));
    }

    /** @return float32 values as NumPy stores them: little-endian */
    static byte[] floats(float... values) {
        ByteBuffer out = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            out.putFloat(v);
        }
        return out.array();
    }

    static void assertSame(String key, Expected expected, NdArray actual) {
        assertEquals(expected.dtype(), actual.dtype(), key + " dtype");
        assertArrayEquals(expected.shape(), actual.shape(), key + " shape");
        ByteBuffer raw = ByteBuffer.wrap(expected.raw()).order(ByteOrder.LITTLE_ENDIAN);
        int itemSize = expected.dtype().charAt(expected.dtype().length() - 1) - '0'; // <f4, <f8, |u1
        assertEquals(expected.raw().length, actual.size() * itemSize, key + " length");
        for (int i = 0; i < actual.size(); i++) {
            if (actual instanceof F32Array a) {
                assertEquals(raw.getInt(4 * i), Float.floatToRawIntBits(a.data()[i]), key + " bits at flat index " + i);
            } else if (actual instanceof F64Array a) {
                assertEquals(raw.getLong(8 * i), Double.doubleToRawLongBits(a.data()[i]), key + " bits at flat index " + i);
            } else if (actual instanceof U8Array a) {
                assertEquals(raw.get(i), a.data()[i], key + " at flat index " + i);
            }
        }
    }
}
