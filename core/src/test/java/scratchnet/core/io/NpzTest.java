package scratchnet.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import scratchnet.core.BadInputException;
import scratchnet.core.array.F32Array;
import scratchnet.core.array.F64Array;
import scratchnet.core.array.NdArray;
import scratchnet.core.array.U8Array;

/** The {@code .npz} archive: what np.savez writes we read, what we write np.load reads, bit for bit. */
class NpzTest {
    private static final String SOURCE = "w.npz";

    @TempDir
    Path dir;

    /** Every dtype, 0-d to 3-D, empty, and float bits that must survive (NaN payload, -0.0, subnormal). */
    private static Map<String, NdArray> mixed() {
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        arrays.put("W1", new F32Array(new int[] {2, 3}, new float[] {Float.intBitsToFloat(0x7fc00001), -0.0f, Float.MIN_VALUE, 1, 2, 3}));
        arrays.put("b1", new F64Array(new int[] {3}, new double[] {Math.PI, Double.NEGATIVE_INFINITY, -1e-310}));
        arrays.put("x", new U8Array(new int[] {2, 1, 2}, new byte[] {0, 1, (byte) 200, (byte) 255}));
        arrays.put("s", new F64Array(new int[0], new double[] {2.5}));
        arrays.put("e", new F32Array(new int[] {0, 3}, new float[0]));
        return arrays;
    }

    @Test
    void roundTripsInJava() {
        Map<String, NdArray> arrays = mixed();
        Map<String, NdArray> back = Npz.read(write(arrays), SOURCE);
        assertEquals(List.copyOf(arrays.keySet()), List.copyOf(back.keySet()));
        arrays.forEach((k, a) -> {
            assertEquals(a.dtype(), back.get(k).dtype(), k);
            assertArrayEquals(a.shape(), back.get(k).shape(), k);
            assertArrayEquals(NumpyDtype.encode(a), NumpyDtype.encode(back.get(k)), k);
        });
    }

    @Test
    void numpyLoadsWhatWeWriteBitForBit() throws IOException {
        Python.assumeNumpy();
        Map<String, NdArray> arrays = mixed();
        Path npz = dir.resolve("ours.npz");
        try (OutputStream out = Files.newOutputStream(npz)) {
            Npz.write(arrays, out);
        }
        Python.run(Reference.DUMP + "z = np.load(sys.argv[1])\ndump({k: z[k] for k in z.files}, sys.argv[2])", npz, dir.resolve("loaded"));
        Reference.assertSame(Reference.load(dir.resolve("loaded")), arrays);
    }

    /** np.savez (stored), np.savez_compressed (deflated), and hand-zipped .npy of versions 2.0 and 3.0. */
    @ParameterizedTest
    @ValueSource(strings = {"savez", "savez_compressed", "versions"})
    void readsWhatNumpyWrites(String how) throws IOException {
        Python.assumeNumpy();
        Path npz = dir.resolve(how + ".npz");
        Python.run(Reference.DUMP + """
                import io, zipfile
                how, path, out = sys.argv[1:4]
                rng = np.random.default_rng(3)
                arrays = {'W1': np.asfortranarray(rng.standard_normal((784, 50)).astype('f4')),
                          'b1': rng.standard_normal(50).astype('f4'),
                          'W2': rng.standard_normal((5, 4)),
                          'T': np.asfortranarray(rng.standard_normal((2, 3, 4))),
                          'img': np.asfortranarray(rng.integers(0, 256, (28, 28), dtype='u1')),
                          'u': np.array(7.0, dtype='f4')}
                arrays['b1'][:3] = [np.nan, -0.0, np.inf]
                if how == 'versions':
                    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
                        for i, (k, a) in enumerate(arrays.items()):
                            buf = io.BytesIO()
                            np.lib.format.write_array(buf, a, version=((1, 0), (2, 0), (3, 0))[i % 3])
                            z.writestr(k + '.npy', buf.getvalue())
                else:
                    getattr(np, how)(path, **arrays)
                dump(arrays, out)
                """, how, npz, dir.resolve("expected"));
        Reference.assertSame(Reference.load(dir.resolve("expected")), Npz.read(Files.readAllBytes(npz), SOURCE));
    }

    @Test
    void refusesObjectArraysWithoutUnpickling() throws IOException {
        Python.assumeNumpy();
        Path npz = dir.resolve("objects.npz");
        Python.run("import sys, numpy as np; np.savez(sys.argv[1], W1=np.array([{'a': 1}], dtype=object))", npz);
        String message = refusal(Files.readAllBytes(npz));
        assertTrue(message.startsWith(SOURCE + ": W1: unsupported dtype |O (object arrays are refused"), message);
    }

    @Test
    void refusesADuplicatedKey() throws IOException {
        Python.assumeNumpy();
        Path npz = dir.resolve("twice.npz");
        Python.run("""
                import sys, io, warnings, zipfile, numpy as np
                warnings.simplefilter('ignore')
                buf = io.BytesIO(); np.save(buf, np.zeros(3, 'f4'))
                with zipfile.ZipFile(sys.argv[1], 'w') as z:
                    z.writestr('W1.npy', buf.getvalue()); z.writestr('W1.npy', buf.getvalue())
                """, npz);
        assertEquals(SOURCE + ": entry W1.npy appears twice", refusal(Files.readAllBytes(npz)));
    }

    @Test
    void refusesEntriesThatAreNotNpy() {
        assertEquals(SOURCE + ": entry notes.txt is not a .npy array", refusal(zip("notes.txt", "hello".getBytes())));
    }

    @Test
    void refusesAMalformedEntryNamingItsKey() {
        assertEquals(SOURCE + ": W1: not a .npy array (no \\x93NUMPY magic)", refusal(zip("W1.npy", "hello".getBytes())));
    }

    @Test
    void refusesATruncatedArchive() {
        byte[] npz = write(mixed());
        String message = refusal(Arrays.copyOf(npz, npz.length / 2));
        assertTrue(message.startsWith(SOURCE + ": corrupt npz (zip) archive: "), message);
    }

    /** A flipped byte in stored data is caught by the CRC, as np.load would catch it. */
    @Test
    void refusesDataThatFailsItsCrc() {
        byte[] npz = write(Map.of("W1", new F32Array(new int[] {4}, new float[] {1, 2, 3, 4})));
        int data = indexOf(npz, new byte[] {0, 0, (byte) 0x80, 0x3f}); // 1.0f, little-endian
        npz[data] ^= 1;
        assertEquals(SOURCE + ": W1: zip entry fails its CRC-32 check (corrupt archive)", refusal(npz));
    }

    private static String refusal(byte[] npz) {
        return assertThrows(BadInputException.class, () -> Npz.read(npz, SOURCE)).getMessage();
    }

    private static byte[] write(Map<String, NdArray> arrays) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npz.write(arrays, out);
        return out.toByteArray();
    }

    /** A one-entry zip, deflated, as any zip tool writes it. */
    private static byte[] zip(String name, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(name));
            zip.write(content);
            zip.closeEntry();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }
}
