package scratchnet.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import scratchnet.core.BadInputException;
import scratchnet.core.TestData;

class IdxReaderTest {
    @TempDir
    Path tmp;

    @Test
    void readsTheTestSetAsGoldenDescribesIt() {
        MnistSet test = Mnist.readSet(TestData.mnistDir(), false);
        assertEquals(10_000, test.count());
        int[] counts = new int[10];
        for (int i = 0; i < test.count(); i++) {
            counts[test.label(i)]++;
        }
        assertArrayEquals(TestData.ints(TestData.golden().at("/mnist/test_label_counts")), counts);
        assertEquals(TestData.golden().at("/mnist/test_img0_pixel_sum").asInt(), sum(test.pixels(0)));
    }

    @Test
    void gzippedFilesReadTheSameAsRaw() throws IOException {
        Path raw = MnistFile.TEST_LABELS.locate(TestData.mnistDir());
        Path gz = tmp.resolve("labels.gz");
        try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(raw, out);
        }
        assertArrayEquals(IdxReader.read(raw, IdxHeader.Kind.LABELS).body(), IdxReader.read(gz, IdxHeader.Kind.LABELS).body());
    }

    @Test
    void missingFileIsNamed() {
        Path missing = tmp.resolve("nothing-here");
        BadInputException e = assertThrows(BadInputException.class, () -> IdxReader.read(missing, IdxHeader.Kind.IMAGES));
        assertEquals(missing + ": no such file", e.getMessage());
    }

    @Test
    void wrongMagicIsRefused() {
        BadInputException e = assertThrows(BadInputException.class, () -> read(labels(2051, 3, 1, 2, 3), IdxHeader.Kind.LABELS));
        assertTrue(e.getMessage().contains("wrong IDX magic 2051 at offset 0, expected 2049"), e.getMessage());
    }

    @Test
    void truncatedBodyIsRefused() {
        byte[] file = labels(2049, 5, 1, 2, 3);
        BadInputException e = assertThrows(BadInputException.class, () -> read(file, IdxHeader.Kind.LABELS));
        assertTrue(e.getMessage().contains("truncated: header announces 5 labels (13 bytes) but the file has 11 bytes"), e.getMessage());
    }

    @Test
    void truncatedHeaderIsRefused() {
        BadInputException e = assertThrows(BadInputException.class, () -> read(new byte[] {0, 0, 8, 3, 0}, IdxHeader.Kind.IMAGES));
        assertTrue(e.getMessage().contains("truncated IDX header: 5 bytes, expected 16"), e.getMessage());
    }

    @Test
    void trailingBytesAreRefused() {
        BadInputException e = assertThrows(BadInputException.class, () -> read(labels(2049, 2, 1, 2, 3), IdxHeader.Kind.LABELS));
        assertTrue(e.getMessage().contains("1 unexpected bytes after the last record at offset 10"), e.getMessage());
    }

    @Test
    void labelAboveNineIsNamedWithItsOffset() {
        BadInputException e = assertThrows(BadInputException.class, () -> read(labels(2049, 3, 1, 12, 3), IdxHeader.Kind.LABELS));
        assertTrue(e.getMessage().contains("label 12 of record 1 at offset 9 is not a digit 0-9"), e.getMessage());
    }

    @Test
    void imagesMustBe28By28() {
        byte[] head = ByteBuffer.allocate(16).putInt(2051).putInt(0).putInt(27).putInt(28).array();
        BadInputException e = assertThrows(BadInputException.class, () -> read(head, IdxHeader.Kind.IMAGES));
        assertTrue(e.getMessage().contains("images are 27x28 (offset 8), expected 28x28"), e.getMessage());
    }

    @Test
    void aHugeClaimIsRefusedWithoutAllocatingIt() throws IOException {
        byte[] head = ByteBuffer.allocate(16 + 784).putInt(2051).putInt(Integer.MAX_VALUE).putInt(28).putInt(28).array();
        BadInputException raw = assertThrows(BadInputException.class, () -> read(head, IdxHeader.Kind.IMAGES));
        assertTrue(raw.getMessage().contains("truncated: header announces 2147483647 images"), raw.getMessage());
        BadInputException gz = assertThrows(BadInputException.class, () -> read(gzip(head), IdxHeader.Kind.IMAGES));
        assertTrue(gz.getMessage().contains("truncated"), gz.getMessage());
    }

    @Test
    void imageAndLabelCountsMustAgree() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("mismatch"));
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), ByteBuffer.allocate(16 + 2 * 784).putInt(2051).putInt(2).putInt(28).putInt(28).array());
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), labels(2049, 3, 1, 2, 3));
        BadInputException e = assertThrows(BadInputException.class, () -> Mnist.readSet(dir, false));
        assertTrue(e.getMessage().contains("holds 2 images but") && e.getMessage().contains("holds 3 labels"), e.getMessage());
    }

    @Test
    void aCorruptGzipStreamIsCalledThatNotTrailingBytes() throws IOException {
        // One record more than announced, and a broken CRC: the stream is what is wrong.
        byte[] gz = gzip(labels(2049, 2, 1, 2, 3));
        gz[gz.length - 8] ^= 1;
        BadInputException e = assertThrows(BadInputException.class, () -> read(gz, IdxHeader.Kind.LABELS));
        assertTrue(e.getMessage().startsWith("test.idx: corrupt gzip stream ("), e.getMessage());
        BadInputException longer = assertThrows(BadInputException.class, () -> read(gzip(labels(2049, 2, 1, 2, 3)), IdxHeader.Kind.LABELS));
        assertTrue(longer.getMessage().contains("1 unexpected bytes after the last record at offset 10"), longer.getMessage());
    }

    @Test
    void aTruncatedGzipStreamIsCalledThat() throws IOException {
        byte[] gz = gzip(labels(2049, 3, 1, 2, 3));
        BadInputException e = assertThrows(BadInputException.class,
                () -> read(java.util.Arrays.copyOf(gz, gz.length - 10), IdxHeader.Kind.LABELS));
        assertTrue(e.getMessage().startsWith("test.idx: truncated gzip stream ("), e.getMessage());
    }

    @Test
    void aDirectoryIsNamedAsOneNotAsMissing() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("t10k-labels-idx1-ubyte"));
        BadInputException e = assertThrows(BadInputException.class, () -> IdxReader.read(dir, IdxHeader.Kind.LABELS));
        assertEquals(dir + ": is a directory, not a file", e.getMessage());
    }

    @Test
    void checkingAFileEndsAsReadingItDoes() throws IOException {
        byte[] valid = ByteBuffer.allocate(16 + 2 * 784).putInt(2051).putInt(2).putInt(28).putInt(28).array();
        byte[][] images = {
            valid,
            java.util.Arrays.copyOf(valid, valid.length - 1),             // truncated
            java.util.Arrays.copyOf(valid, valid.length + 5),             // five bytes too many (read() counts one)
            java.util.Arrays.copyOf(valid, 16),                           // no records
            java.util.Arrays.copyOf(valid, 7),                            // truncated header
            {1},                                                          // one byte
            ByteBuffer.allocate(16).putInt(2049).putInt(0).putInt(28).putInt(28).array(), // wrong magic
            ByteBuffer.allocate(16).putInt(2051).putInt(Integer.MAX_VALUE).putInt(28).putInt(28).array(), // a huge claim
            gzip(valid),
            gzip(java.util.Arrays.copyOf(valid, valid.length + 1)),
        };
        for (int i = 0; i < images.length; i++) {
            Path file = Files.write(tmp.resolve("images-" + i), images[i]);
            assertEquals(outcome(() -> IdxReader.read(file, IdxHeader.Kind.IMAGES).header()),
                    outcome(() -> IdxReader.check(file, IdxHeader.Kind.IMAGES)), "case " + i);
        }
        Path labels = Files.write(tmp.resolve("labels"), labels(2049, 3, 1, 12, 3));
        assertEquals(outcome(() -> IdxReader.read(labels, IdxHeader.Kind.LABELS).header()),
                outcome(() -> IdxReader.check(labels, IdxHeader.Kind.LABELS)));
        assertEquals(outcome(() -> IdxReader.read(tmp.resolve("none"), IdxHeader.Kind.IMAGES).header()),
                outcome(() -> IdxReader.check(tmp.resolve("none"), IdxHeader.Kind.IMAGES)));
        assertEquals(10_000, IdxReader.check(MnistFile.TEST_IMAGES.locate(TestData.mnistDir()), IdxHeader.Kind.IMAGES).count());
    }

    /** @return the header's count, or the message of the bad input */
    private static String outcome(java.util.function.Supplier<IdxHeader> check) {
        try {
            return "count " + check.get().count();
        } catch (BadInputException e) {
            return e.getMessage();
        }
    }

    private static IdxReader.IdxContent read(byte[] file, IdxHeader.Kind kind) throws IOException {
        return IdxReader.read(new ByteArrayInputStream(file), kind, "test.idx");
    }

    private static byte[] labels(int magic, int count, int... values) {
        ByteBuffer b = ByteBuffer.allocate(8 + values.length).putInt(magic).putInt(count);
        for (int v : values) {
            b.put((byte) v);
        }
        return b.array();
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    private static int sum(int[] a) {
        int s = 0;
        for (int v : a) {
            s += v;
        }
        return s;
    }
}
