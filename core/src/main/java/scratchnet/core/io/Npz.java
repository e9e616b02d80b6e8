package scratchnet.core.io;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

import scratchnet.core.BadInputException;
import scratchnet.core.array.NdArray;

/**
 * Named arrays in NumPy's {@code .npz} format: a zip archive holding one {@code .npy} per array,
 * named {@code key.npy}, as {@code np.savez} and {@code np.savez_compressed} write it and
 * {@code np.load} reads it.
 */
public final class Npz {
    private static final String SUFFIX = ".npy";
    /** The largest array read: a deflated entry may claim more than the archive's size, and is not inflated past this. */
    private static final long MAX_ENTRY_BYTES = 512L << 20;
    /** A fixed entry time, so that the same arrays always give the same bytes. */
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

    private Npz() {
    }

    /**
     * Reads every array of an archive, stored or deflated, in the archive's order.
     *
     * @param content the whole archive
     * @param source  the file it came from, for error messages
     * @return the arrays by key (the entry name without {@code .npy}), each in C order
     * @throws BadInputException when the archive is corrupt, an entry is not a {@code .npy}
     *                           array, or an array is malformed; the message names the key
     */
    public static Map<String, NdArray> read(byte[] content, String source) {
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        try (ZipFile zip = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(content)).get()) {
            for (ZipArchiveEntry entry : Collections.list(zip.getEntries())) {
                String name = entry.getName();
                if (!name.endsWith(SUFFIX) || entry.isDirectory()) {
                    throw new BadInputException(source + ": entry " + Printable.of(name) + " is not a .npy array");
                }
                String key = name.substring(0, name.length() - SUFFIX.length());
                if (arrays.containsKey(key)) {
                    throw new BadInputException(source + ": entry " + Printable.of(name) + " appears twice");
                }
                String where = source + ": " + Printable.of(key);
                arrays.put(key, Npy.read(entryBytes(zip, entry, where), where));
            }
        } catch (IOException e) {
            throw new BadInputException(source + ": corrupt or truncated npz (zip) archive (" + rootMessage(e) + ")", e);
        }
        return arrays;
    }

    /** The zip library wraps the telling failure ("Archive is not a ZIP archive") in a generic one. */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

    /**
     * Reads an entry whole, checking its size and CRC as {@code np.load} does; a lying size
     * costs at most what is really there.
     */
    private static byte[] entryBytes(ZipFile zip, ZipArchiveEntry entry, String where) throws IOException {
        // Only what np.savez writes: other methods (zstd, bzip2, …) would load codecs we do not ship.
        if ((entry.getMethod() != ZipEntry.STORED && entry.getMethod() != ZipEntry.DEFLATED) || !zip.canReadEntryData(entry)) {
            throw new BadInputException(where + ": zip entry uses compression method " + entry.getMethod()
                    + " or encryption, which np.savez never writes");
        }
        long size = entry.getSize();
        if (size < 0) {
            throw new BadInputException(where + ": zip entry size " + size + " is not a size we can read");
        }
        if (size > MAX_ENTRY_BYTES) {
            throw new BadInputException(where + ": zip entry of " + size + " bytes is larger than the limit of " + MAX_ENTRY_BYTES + " for one array");
        }
        byte[] bytes;
        try (InputStream in = zip.getInputStream(entry)) {
            bytes = in.readNBytes((int) size + 1);
        }
        if (bytes.length != size) {
            throw new BadInputException(where + ": zip entry holds " + (bytes.length > size ? "more" : bytes.length)
                    + " bytes, its header says " + size);
        }
        CRC32 crc = new CRC32();
        crc.update(bytes);
        if (crc.getValue() != entry.getCrc()) {
            throw new BadInputException(where + ": zip entry fails its CRC-32 check (corrupt archive)");
        }
        return bytes;
    }

    /**
     * Writes arrays as {@code np.savez} does: one stored (uncompressed) {@code key.npy} per array,
     * {@code .npy} format 1.0, C order, each array's own dtype, in the map's order.
     *
     * @param arrays the arrays by key
     * @param out    where the archive goes; finished but not closed, so that the caller can
     *               complete its own atomic write
     * @throws UncheckedIOException when {@code out} fails
     */
    public static void write(Map<String, ? extends NdArray> arrays, OutputStream out) {
        try (ZipOutputStream zip = new ZipOutputStream(unclosable(out))) {
            for (Map.Entry<String, ? extends NdArray> e : arrays.entrySet()) {
                byte[] npy = Npy.toBytes(e.getValue());
                CRC32 crc = new CRC32();
                crc.update(npy);
                ZipEntry entry = new ZipEntry(e.getKey() + SUFFIX);
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(npy.length);
                entry.setCompressedSize(npy.length);
                entry.setCrc(crc.getValue());
                entry.setTimeLocal(ENTRY_TIME);
                zip.putNextEntry(entry);
                zip.write(npy);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write npz: " + e.getMessage(), e);
        }
    }

    /** Closing the zip stream finishes the archive and frees its deflater; the caller's stream stays open. */
    private static OutputStream unclosable(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }
}
