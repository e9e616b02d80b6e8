package scratchnet.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import scratchnet.core.BadInputException;
import scratchnet.core.array.F32Array;
import scratchnet.core.array.F64Array;
import scratchnet.core.array.NdArray;
import scratchnet.core.array.U8Array;

/** The {@code .npy} format: NumPy's exact bytes on write, every version and order on read, clear refusals. */
class NpyTest {
    private static final String WHERE = "w.npz: W1";

    /** Our bytes equal np.save's for the same array: header text, padding, data. */
    @ParameterizedTest
    @ValueSource(strings = {"np.float32(2.5).reshape(())", "np.arange(50, dtype='<f4')", "np.ones((784, 50), '<f4')",
        "np.arange(24, dtype='<f8').reshape(2, 3, 4)", "np.arange(12, dtype='u1').reshape(3, 4)", "np.zeros((0, 3), '<f4')",
        "np.zeros((1234567, 0), '<f8')"})
    void writesWhatNpSaveWrites(String array, @TempDir Path dir) throws IOException {
        Python.assumeNumpy();
        Path npy = dir.resolve("a.npy");
        Python.run("import sys, numpy as np; np.save(sys.argv[1], " + array + ")", npy);
        byte[] numpy = Files.readAllBytes(npy);
        NdArray read = Npy.read(numpy, WHERE);
        assertArrayEquals(numpy, Npy.toBytes(read));
    }

    @Test
    void roundTripsEveryKindBitForBit() {
        float[] f = {Float.NaN, Float.intBitsToFloat(0x7fc00001), -0.0f, Float.MIN_VALUE, Float.NEGATIVE_INFINITY, 1.5f};
        double[] d = {Double.NaN, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, Math.PI, 1e-300};
        byte[] u = {0, 1, (byte) 127, (byte) 128, (byte) 255, 7};
        for (NdArray a : new NdArray[] {new F32Array(new int[] {2, 3}, f), new F64Array(new int[] {3, 2}, d), new U8Array(new int[] {6}, u)}) {
            NdArray back = Npy.read(Npy.toBytes(a), WHERE);
            assertEquals(a.dtype(), back.dtype());
            assertArrayEquals(a.shape(), back.shape());
            assertArrayEquals(NumpyDtype.encode(a), NumpyDtype.encode(back));
        }
    }

    /** Versions 2.0 and 3.0 have a 4-byte header length; 3.0's header is UTF-8. */
    @ParameterizedTest
    @CsvSource({"1", "2", "3"})
    void readsEveryVersion(int version) {
        F32Array a = (F32Array) Npy.read(npy(version, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", Reference.floats(0, 1, 2, 3, 4, 5)), WHERE);
        assertArrayEquals(new int[] {2, 3}, a.shape());
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, a.data());
    }

    /** Fortran order: the data runs down the columns; the array comes back in C order. */
    @Test
    void readsFortranOrderIntoCOrder() {
        F32Array a = (F32Array) Npy.read(npy(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", Reference.floats(0, 3, 1, 4, 2, 5)), WHERE);
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, a.data());
    }

    /** Double quotes, no trailing comma, another key order, Python 2 longs: still a valid header. */
    @Test
    void readsAnyValidSpellingOfTheHeader() {
        F64Array a = (F64Array) Npy.read(npy(1, "{\"shape\": (1L,), \"fortran_order\": False, \"descr\": \"<f8\"}",
                ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(2.5).array()), WHERE);
        assertArrayEquals(new double[] {2.5}, a.data());
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
        "{'descr': '<i8', 'fortran_order': False, 'shape': (3,), } => unsupported dtype <i8 (not a weights dtype; supported: <f4, <f8, |u1)",
        "{'descr': '>f4', 'fortran_order': False, 'shape': (3,), } => unsupported dtype >f4 (big-endian; supported: <f4, <f8, |u1)",
        "{'descr': '|O', 'fortran_order': False, 'shape': (3,), } => unsupported dtype |O (object arrays are refused: reading them would run pickle; supported: <f4, <f8, |u1)",
        "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (3,), } => .npy header descr is not a dtype string (structured arrays are not supported)",
        "{'descr': '<f4', 'shape': (3,), } => .npy header has keys [descr, shape], expected descr, fortran_order, shape",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), 'x': 1} => malformed .npy header at character 61: unexpected '1'",
        "{'descr': '<f4', 'fortran_order': 0, 'shape': (3,), } => malformed .npy header at character 34: unexpected '0'",
        "{'descr': '<f4', 'fortran_order': False, 'shape': [3], } => .npy header shape is not a tuple of ints",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (-3,), } => malformed .npy header at character 51: expected a non-negative int in shape, found '-'",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999,), } => malformed .npy header at character 61: dimension 9999999999... is too large",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (65536, 65536), } => .npy header shape (65536, 65536) is too large",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), } x => malformed .npy header at character 58: text after the closing brace",
        "['descr', '<f4'] => malformed .npy header at character 0: expected '{', found '['",
        "{'descr': '<f4', 'descr': '<f4'} => malformed .npy header at character 24: key 'descr' appears twice",
        "{'descr: '<f4'} => malformed .npy header at character 10: expected ':', found '<'",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (4,), } => data has 12 bytes, but shape (4,) of <f4 needs 16",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), } => data has 12 bytes, but shape (2,) of <f4 needs 8"})
    void refusesBadHeadersNamingFileAndKey(String header, String message) {
        assertEquals(WHERE + ": " + message, refusal(npy(1, header, Reference.floats(1, 2, 3))));
    }

    @Test
    void refusesBadMagicVersionAndLength() {
        byte[] good = npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", Reference.floats(1));
        byte[] magic = good.clone();
        magic[1] = 'n';
        assertEquals(WHERE + ": not a .npy array (no \\x93NUMPY magic)", refusal(magic));
        byte[] version = good.clone();
        version[6] = 4;
        assertEquals(WHERE + ": unsupported .npy format version 4.0 (supported: 1.0, 2.0, 3.0)", refusal(version));
        assertEquals(WHERE + ": truncated .npy header length at offset 8", refusal(Arrays.copyOf(good, 9)));
        assertTrue(refusal(Arrays.copyOf(good, 30)).startsWith(WHERE + ": truncated .npy header: "));
        byte[] huge = good.clone();
        huge[8] = (byte) 0xff;
        huge[9] = (byte) 0xff;
        assertEquals(WHERE + ": .npy header of 65535 bytes is longer than 10000", refusal(huge));
    }

    private static String refusal(byte[] npy) {
        return assertThrows(BadInputException.class, () -> Npy.read(npy, WHERE)).getMessage();
    }

    /** A {@code .npy} of any version with a header as given (padded as NumPy pads) and raw data. */
    static byte[] npy(int version, String header, byte[] data) {
        byte[] text = (header + " ".repeat(8) + "\n").getBytes(version == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) version, 0});
        ByteBuffer length = ByteBuffer.allocate(version == 1 ? 2 : 4).order(ByteOrder.LITTLE_ENDIAN);
        if (version == 1) {
            length.putShort((short) text.length);
        } else {
            length.putInt(text.length);
        }
        out.writeBytes(length.array());
        out.writeBytes(text);
        out.writeBytes(data);
        return out.toByteArray();
    }
}
