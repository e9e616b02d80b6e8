package scratchnet.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import scratchnet.core.array.F32Array;
import scratchnet.core.array.NdArray;
import scratchnet.core.net.Network;

/** The book's {@code sample_weight.pkl}: protocol 3, NumPy 1.x, float32, W1-W3 in Fortran order. */
class SampleWeightsTest {
    private static final Path SAMPLE = Reference.SAMPLE_WEIGHTS;

    private static Map<String, NdArray> arrays;

    @BeforeAll
    static void readSample() throws IOException {
        arrays = NumpyPickle.read(Files.readAllBytes(SAMPLE), SAMPLE.toString());
    }

    @Test
    void hasTheBookKeysInPickleOrderWithTheirShapes() {
        assertEquals(List.of("b2", "W1", "b1", "W2", "W3", "b3"), List.copyOf(arrays.keySet()));
        assertShape("W1", 784, 50);
        assertShape("b1", 50);
        assertShape("W2", 50, 100);
        assertShape("b2", 100);
        assertShape("W3", 100, 10);
        assertShape("b3", 10);
        arrays.values().forEach(a -> assertInstanceOf(F32Array.class, a));
    }

    /**
     * Values NumPy prints for the sample; W[i, j] is at flat index {@code i * cols + j} only when
     * the Fortran order was honoured ({@code W1[0, 1]} and {@code W1[1, 0]} would swap otherwise).
     */
    @Test
    void holdsTheValuesNumpyPrints() {
        assertArrayEquals(new float[] {-0.007412489037960768f, -0.007904390804469585f, -0.013074991293251514f,
            0.018525728955864906f, -0.0015346118016168475f}, row("W1", 0, 5));
        assertEquals(-0.010297450236976147f, at("W1", 1, 0));
        assertEquals(-0.040211476385593414f, at("W1", 783, 49));
        assertEquals(-0.002336827339604497f, at("W2", 3, 7));
        assertEquals(0.009080098010599613f, at("W2", 49, 99));
        assertEquals(0.03177173063158989f, at("W3", 99, 9));
        assertEquals(-0.06750315427780151f, ((F32Array) arrays.get("b1")).data()[0]);
        assertEquals(0.053233496844768524f, ((F32Array) arrays.get("b3")).data()[9]);
        assertEquals(3173299402L, Integer.toUnsignedLong(Float.floatToRawIntBits(at("W1", 783, 49))), "bits of W1[783, 49]");
    }

    @Test
    void equalsWhatNumpyUnpicklesBitForBit(@TempDir Path dir) {
        Python.assumeNumpy();
        Python.run(Reference.DUMP + "dump(pickle.load(open(sys.argv[1], 'rb')), sys.argv[2])", SAMPLE, dir);
        Reference.assertSame(Reference.load(dir), arrays);
    }

    @Test
    void buildsTheBookNetwork() {
        Network net = WeightsFile.readNetwork(SAMPLE);
        assertEquals("784-50-100-10", net.sizes().toString());
        assertArrayEquals(((F32Array) arrays.get("W2")).data(), net.weights(1));
        assertArrayEquals(((F32Array) arrays.get("b3")).data(), net.biases(2));
    }

    /** pkl → our npz → {@code np.load}: the same arrays as pickle.load, dtype and bits. */
    @Test
    void npzWeWriteLoadsInNumpyAsThePickle(@TempDir Path dir) throws IOException {
        Python.assumeNumpy();
        Path npz = dir.resolve("sample.npz");
        try (OutputStream out = Files.newOutputStream(npz)) {
            WeightsFile.writeNpz(arrays, out);
        }
        String checked = Python.run("""
                import sys, pickle, numpy as np
                p = pickle.load(open(sys.argv[1], 'rb'))
                with np.load(sys.argv[2]) as z:
                    assert list(z.keys()) == list(p.keys()), (list(z.keys()), list(p.keys()))
                    for k in p:
                        a, b = p[k], z[k]
                        assert a.dtype == b.dtype and a.shape == b.shape, k
                        assert np.ascontiguousarray(a).tobytes() == b.tobytes(), k
                print(len(p))
                """, SAMPLE, npz);
        assertEquals("6", checked.strip());
        Map<String, NdArray> back = Npz.read(Files.readAllBytes(npz), npz.toString());
        assertEquals(List.copyOf(arrays.keySet()), List.copyOf(back.keySet()));
        arrays.forEach((k, a) -> {
            assertArrayEquals(a.shape(), back.get(k).shape(), k);
            assertArrayEquals(((F32Array) a).data(), ((F32Array) back.get(k)).data(), k);
        });
    }

    private static void assertShape(String key, int... shape) {
        assertArrayEquals(shape, arrays.get(key).shape(), key);
    }

    private static float at(String key, int i, int j) {
        NdArray a = arrays.get(key);
        return ((F32Array) a).data()[i * a.shape()[1] + j];
    }

    private static float[] row(String key, int i, int n) {
        float[] out = new float[n];
        for (int j = 0; j < n; j++) {
            out[j] = at(key, i, j);
        }
        return out;
    }
}
