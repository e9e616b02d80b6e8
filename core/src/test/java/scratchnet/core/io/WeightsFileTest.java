package scratchnet.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import scratchnet.core.BadInputException;
import scratchnet.core.array.F32Array;
import scratchnet.core.array.NdArray;
import scratchnet.core.net.Network;

/** The weights file as the commands see it: told by content, read into a network, written as npz. */
class WeightsFileTest {
    private static final String SOURCE = "w.bin";
    private static byte[] pickle;
    private static Map<String, NdArray> book;

    @BeforeAll
    static void readSample() throws IOException {
        pickle = Files.readAllBytes(Reference.SAMPLE_WEIGHTS);
        book = WeightsFile.readArrays(pickle, "sample");
    }

    @Test
    void tellsPickleAndNpzByContentNotName() {
        byte[] npz = npz(book);
        assertEquals(List.copyOf(book.keySet()), List.copyOf(WeightsFile.readArrays(npz, "weights.pkl").keySet()));
        Network fromNpz = WeightsFile.readNetwork(npz, "weights.pkl");
        Network fromPickle = WeightsFile.readNetwork(pickle, "weights.npz");
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(fromPickle.weights(i), fromNpz.weights(i));
            assertArrayEquals(fromPickle.biases(i), fromNpz.biases(i));
        }
    }

    @Test
    void networkArraysRoundTripThroughNpz() {
        Network net = WeightsFile.readNetwork(pickle, "sample");
        Map<String, NdArray> back = WeightsFile.readArrays(npz(net.toArrays()), "round trip");
        assertEquals(List.of("W1", "b1", "W2", "b2", "W3", "b3"), List.copyOf(back.keySet()));
        net.toArrays().forEach((k, a) -> assertArrayEquals(((F32Array) a).data(), ((F32Array) back.get(k)).data(), k));
    }

    @Test
    void refusesAnythingElse() {
        assertEquals(SOURCE + ": not a pickle, npz or ONNX weights file", refusal("W1,b1\n0.1,0.2\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(SOURCE + ": not a pickle, npz or ONNX weights file", refusal(new byte[0]));
        assertEquals(SOURCE + ": not a pickle, npz or ONNX weights file", refusal(new byte[] {'P', 'K', 5, 6}));
        assertEquals(SOURCE + ": not a pickle, npz or ONNX weights file", refusal("(dp0\nS'W1'\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(SOURCE + ": not a pickle, npz or ONNX weights file", refusal(new byte[] {(byte) 0x80, 1, '}', '.'}));
    }

    @Test
    void missingFileIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("none.pkl");
        BadInputException e = assertThrows(BadInputException.class, () -> WeightsFile.readNetwork(missing));
        assertEquals(missing + ": no such file", e.getMessage());
    }

    @Test
    void readsAFileFromDisk(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("weights.npz");
        Files.write(file, npz(book));
        assertEquals("784-50-100-10", WeightsFile.readNetwork(file).sizes().toString());
    }

    @Test
    void missingBiasIsNamed() {
        Map<String, NdArray> arrays = new LinkedHashMap<>(book);
        arrays.remove("b2");
        assertEquals(SOURCE + ": missing bias b2 for W2", networkRefusal(arrays));
    }

    @Test
    void misShapedMatrixIsNamedWithItsShape() {
        Map<String, NdArray> arrays = new LinkedHashMap<>(book);
        arrays.put("W2", new F32Array(new int[] {51, 100}, new float[51 * 100]));
        assertEquals(SOURCE + ": W2 has shape (51, 100) but layer 1 has 50 outputs", networkRefusal(arrays));
    }

    @Test
    void matrixAndBiasThatDisagreeAreNamed() {
        Map<String, NdArray> arrays = new LinkedHashMap<>(book);
        arrays.put("W2", new F32Array(new int[] {50, 99}, new float[50 * 99]));
        assertEquals(SOURCE + ": b2 has shape (100,), expected (99,) to match W2 (50, 99)", networkRefusal(arrays));
    }

    @Test
    void nanIsNamedByKeyAndIndex() {
        assertEquals(SOURCE + ": W1 holds NaN at flat index 1234 (weights must be finite)", networkRefusal(withW1(1234, Float.NaN)));
    }

    @Test
    void infinityIsNamedByKeyAndIndex() {
        assertEquals(SOURCE + ": W1 holds -Infinity at flat index 0 (weights must be finite)",
                networkRefusal(withW1(0, Float.NEGATIVE_INFINITY)));
    }

    @Test
    void writeNpzLeavesTheStreamOpenAndIsDeterministic() {
        int[] closed = {0};
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        WeightsFile.writeNpz(book, new FilterOutputStream(first) {
            @Override
            public void close() {
                closed[0]++;
            }
        });
        assertEquals(0, closed[0]);
        assertArrayEquals(first.toByteArray(), npz(book));
    }

    private static Map<String, NdArray> withW1(int flatIndex, float value) {
        Map<String, NdArray> arrays = new LinkedHashMap<>(book);
        float[] w1 = ((F32Array) book.get("W1")).data().clone();
        w1[flatIndex] = value;
        arrays.put("W1", new F32Array(new int[] {784, 50}, w1));
        return arrays;
    }

    /** Through the npz writer and reader, as a corrupt file would come in. */
    private static String networkRefusal(Map<String, NdArray> arrays) {
        byte[] npz = npz(arrays);
        return assertThrows(BadInputException.class, () -> WeightsFile.readNetwork(npz, SOURCE)).getMessage();
    }

    @Test
    void aTransposedW1IsBlamedOnW1() {
        Map<String, NdArray> arrays = new LinkedHashMap<>(book);
        arrays.put("W1", new F32Array(new int[] {50, 784}, new float[50 * 784]));
        assertEquals(SOURCE + ": W1 has shape (50, 784), expected 784 inputs (28x28 images); it looks transposed", networkRefusal(arrays));
    }

    @Test
    void oldAndNewPickleProtocolsAreNamedAsUnsupported() {
        assertEquals(SOURCE + ": pickle protocol 0 or 1 is not supported; save it again with protocol 2 or later"
                + " (pickle.dump(obj, f, protocol=2))", refusal("(dp0\nVW1\np1\nI1\ns.".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(SOURCE + ": pickle protocol 0 or 1 is not supported; save it again with protocol 2 or later"
                + " (pickle.dump(obj, f, protocol=2))", refusal(new byte[] {'}', 'q', 0, '.'}));
        assertEquals(SOURCE + ": pickle protocol 6 is not supported (2 to 5 are)", refusal(new byte[] {(byte) 0x80, 6, '}', '.'}));
    }

    @Test
    void aDirectoryOrFifoIsNamedAndNeverRead(@TempDir Path dir) throws Exception {
        BadInputException directory = assertThrows(BadInputException.class, () -> WeightsFile.readNetwork(dir));
        assertEquals(dir + ": is a directory, not a file", directory.getMessage());
        Path fifo = dir.resolve("fifo.pkl");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        BadInputException special = assertThrows(BadInputException.class, () -> WeightsFile.readNetwork(fifo));
        assertEquals(fifo + ": is not a regular file (a FIFO, socket or device is never read)", special.getMessage());
    }

    private static String refusal(byte[] content) {
        return assertThrows(BadInputException.class, () -> WeightsFile.readArrays(content, SOURCE)).getMessage();
    }

    private static byte[] npz(Map<String, NdArray> arrays) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WeightsFile.writeNpz(arrays, out);
        return out.toByteArray();
    }
}
