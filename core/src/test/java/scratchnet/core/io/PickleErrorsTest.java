package scratchnet.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import scratchnet.core.BadInputException;
import scratchnet.core.array.F32Array;

/**
 * Bad pickles give one clear {@link BadInputException} naming the file and, where there is one,
 * the key, never a raw exception. Most are the book's sample with a byte changed, so they need no
 * python3: in it {@code b2}'s shape (100,) is at offset 90, its dtype name {@code f4} at 114 and
 * its byte order {@code <} at 136.
 */
class PickleErrorsTest {
    private static final String SOURCE = "w.pkl";
    private static byte[] sample;

    @BeforeAll
    static void readSample() throws IOException {
        sample = Files.readAllBytes(Reference.SAMPLE_WEIGHTS);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 50, 200, 1000, 90_000, 181_851, 181_852})
    void truncatedIsRefused(int length) {
        String message = refusal(Arrays.copyOf(sample, length));
        assertTrue(message.startsWith(SOURCE + ": truncated"), message);
    }

    /** Every byte of the structure before W1's data, changed: a clean one-line refusal or a clean read. */
    @Test
    void corruptStructureNeverEscapesAsARawException() {
        for (int at = 2; at < 400; at++) {
            for (int delta : new int[] {1, 0x80}) {
                byte[] corrupt = sample.clone();
                corrupt[at] += (byte) delta;
                try {
                    NumpyPickle.read(corrupt, SOURCE);
                } catch (BadInputException e) {
                    assertTrue(e.getMessage().startsWith(SOURCE + ": "), e.getMessage());
                    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
                }
            }
        }
    }

    @Test
    void lengthBeyondTheEndIsRefusedBeforeAllocating() {
        byte[] pkl = PickleBuilder.protocol(4).op(0x8e, 0, 0, 0, 0, 0, 1, 0, 0).stop();
        assertEquals(SOURCE + ": truncated pickle at offset 2: a length of 1099511627776 bytes, but only 1 remain", refusal(pkl));
    }

    @Test
    void topLevelMustBeADict() {
        assertEquals(SOURCE + ": pickle top level is of type list, expected a dict of name -> numpy.ndarray",
                refusal(PickleBuilder.protocol(2).op(']').stop()));
    }

    @Test
    void topLevelArrayIsNotADict(@TempDir Path dir) throws IOException {
        Python.assumeNumpy();
        Path pkl = dir.resolve("array.pkl");
        Python.run("import sys, pickle, numpy as np; pickle.dump(np.zeros(3), open(sys.argv[1], 'wb'), protocol=3)", pkl);
        assertEquals(SOURCE + ": pickle top level is of type numpy.ndarray, expected a dict of name -> numpy.ndarray",
                refusal(Files.readAllBytes(pkl)));
    }

    @Test
    void valuesMustBeArrays() {
        assertEquals(SOURCE + ": W1 is of type int, expected numpy.ndarray",
                refusal(PickleBuilder.protocol(2).op('}').unicode("W1").smallInt(3).op('s').stop()));
    }

    @Test
    void keysMustBeStrings() {
        assertEquals(SOURCE + ": pickled dict has a key of type int, expected str",
                refusal(PickleBuilder.protocol(2).op('}').smallInt(1).smallInt(3).op('s').stop()));
    }

    @Test
    void onlyProtocols2To5() {
        assertEquals(SOURCE + ": not a pickle of protocol 2 to 5", refusal("(dp0\nS'W1'\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(SOURCE + ": not a pickle of protocol 2 to 5", refusal(new byte[] {(byte) 0x80, 1, '}', '.'}));
        assertEquals(SOURCE + ": not a pickle of protocol 2 to 5", refusal(new byte[] {(byte) 0x80, 6, '}', '.'}));
    }

    @Test
    void integerDtypeIsRefusedByKey() {
        assertEquals(SOURCE + ": b2: unsupported dtype <i8 (not a weights dtype; supported: <f4, <f8, |u1)",
                refusal(patched(114, "i8")));
    }

    @Test
    void bigEndianIsRefusedByKey() {
        assertEquals(SOURCE + ": b2: unsupported dtype >f4 (big-endian; supported: <f4, <f8, |u1)", refusal(patched(136, ">")));
    }

    @Test
    void objectArraysAreRefused(@TempDir Path dir) throws IOException {
        Python.assumeNumpy();
        Path pkl = dir.resolve("objects.pkl");
        Python.run("import sys, pickle, numpy as np; pickle.dump({'W1': np.array([1, 'a'], dtype=object)}, open(sys.argv[1], 'wb'), protocol=3)", pkl);
        String message = refusal(Files.readAllBytes(pkl));
        assertTrue(message.startsWith(SOURCE + ": W1: unsupported dtype |O8 (object arrays are refused"), message);
    }

    @Test
    void dataMustFitTheShape() {
        assertEquals(SOURCE + ": b2: data has 400 bytes, but shape (99,) of <f4 needs 396", refusal(patched(90, "c")));
    }

    @Test
    void missingStateIsNamedByKey() {
        byte[] pkl = PickleBuilder.protocol(2).op('}').unicode("W1").global("numpy.core.multiarray", "_reconstruct")
                .global("numpy", "ndarray").smallInt(0).op(0x85).bytes(new byte[] {'b'}).op(0x87, 'R', 's').stop();
        assertEquals(SOURCE + ": W1: ndarray state is None, expected (version, shape, dtype, is_fortran, data)", refusal(pkl));
    }

    /** A claimed shape of 2^30 Fortran-order floats with no data: refused before any index is allocated. */
    @Test
    void hugeShapeWithoutDataIsRefusedBeforeAllocating() {
        byte[] pkl = PickleBuilder.protocol(2).op('}').unicode("W1").global("numpy.core.multiarray", "_reconstruct")
                .global("numpy", "ndarray").smallInt(0).op(0x85).bytes(new byte[] {'b'}).op(0x87, 'R')
                .op('(').smallInt(1).int32(1 << 30).op(0x85).dtype("f4", "<").op(0x88).bytes(new byte[0]).op('t', 'b', 's').stop();
        assertEquals(SOURCE + ": W1: data has 0 bytes, but shape (1073741824,) of <f4 needs 4294967296", refusal(pkl));
    }

    /** The same structure with matching data reads, so the test above fails for the right reason. */
    @Test
    void handWrittenArrayPickleReads() {
        byte[] pkl = PickleBuilder.protocol(2).op('}').unicode("W1").global("numpy.core.multiarray", "_reconstruct")
                .global("numpy", "ndarray").smallInt(0).op(0x85).bytes(new byte[] {'b'}).op(0x87, 'R')
                .op('(').smallInt(1).smallInt(2).smallInt(2).op(0x86).dtype("f4", "<").op(0x88)
                .bytes(Reference.floats(1, 2, 3, 4)).op('t', 'b', 's').stop();
        F32Array w1 = (F32Array) NumpyPickle.read(pkl, SOURCE).get("W1");
        assertArrayEquals(new float[] {1, 3, 2, 4}, w1.data(), "Fortran order, read into C order");
    }

    private static byte[] patched(int offset, String replacement) {
        byte[] out = sample.clone();
        byte[] bytes = replacement.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, out, offset, bytes.length);
        return out;
    }

    /** A list that holds itself, as a dict key: Python cannot hash it, and hashing it here would overflow the stack. */
    @Test
    void aSelfContainingListKeyIsRefusedWithoutOverflowingTheStack() {
        byte[] pkl = PickleBuilder.protocol(2).op('}', ']', 'q', 0, 'h', 0, 'a', 'N', 's').stop();
        assertEquals(SOURCE + ": corrupt pickle at offset 10: a dict key of type list, which Python cannot hash either", refusal(pkl));
    }

    @Test
    void setsAreRefusedAsNumpyNeverWritesThem() {
        byte[] pkl = PickleBuilder.protocol(4).op(0x8f).stop();
        assertEquals(SOURCE + ": pickle uses opcode EMPTY_SET at offset 2, which is not allowed in a weights file", refusal(pkl));
    }

    private static String refusal(byte[] pkl) {
        return assertThrows(BadInputException.class, () -> NumpyPickle.read(pkl, SOURCE)).getMessage();
    }
}
