package scratchnet.core.data;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import scratchnet.core.BadInputException;
import scratchnet.core.InputFile;

/**
 * Reads whole IDX files, raw or gzipped ({@code .gz} is told by its magic bytes, not its name).
 * The header is checked first; the body is read in bounded chunks, so a header that claims more
 * than the file holds is refused as truncated without allocating what it claims, and no file may
 * hold more than {@value #MAX_BODY_BYTES} bytes of records.
 */
public final class IdxReader {
    private static final int GZIP_MAGIC = 0x1f8b;
    /** The most records one file may hold, in bytes: far above MNIST's 47 MB, and what one Java array can take. */
    static final long MAX_BODY_BYTES = 1L << 30;
    /** How far past the last record a gzip stream is inflated to check its CRC before it is called too long. */
    private static final long MAX_EXTRA_BYTES = 64L << 20;

    private IdxReader() {
    }

    /** A checked header and the records after it. */
    public record IdxContent(IdxHeader header, byte[] body) {
    }

    /**
     * Reads and checks an IDX file from the local file system.
     *
     * @throws BadInputException when the file is missing, unreadable or malformed
     */
    public static IdxContent read(Path file, IdxHeader.Kind kind) {
        String source = file.toString();
        InputFile.requireRegular(file);
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, kind, source);
        } catch (IOException e) {
            throw new BadInputException(source + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Checks an IDX file from the local file system as {@link #read(Path, IdxHeader.Kind)} does, to
     * the same outcome and message, without reading a raw images file past its header: the length
     * of its records is the file's size. Labels (digits to check) and gzipped files (whose length
     * only inflating tells) are read whole. A job's start checks the cached MNIST this way: reading
     * the 55 MB of images took 0.1 s of every start (jobs/bench/README.md, Cold start).
     *
     * @return the checked header
     * @throws BadInputException when the file is missing, unreadable or malformed
     */
    public static IdxHeader check(Path file, IdxHeader.Kind kind) {
        if (kind == IdxHeader.Kind.LABELS) {
            return read(file, kind).header();
        }
        String source = file.toString();
        InputFile.requireRegular(file);
        byte[] head;
        long size;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(kind.headerBytes);
            size = Files.size(file);
        } catch (IOException e) {
            throw new BadInputException(source + ": cannot read: " + e.getMessage(), e);
        }
        if (head.length >= 2 && ((head[0] & 0xff) << 8 | (head[1] & 0xff)) == GZIP_MAGIC) {
            return read(file, kind).header();
        }
        IdxHeader header = IdxHeader.parse(head, head.length, kind, source);
        // the bytes read() would have read: at most one past the records the header announces
        long records = Math.min(size - kind.headerBytes, Math.min(header.expectedLength() - kind.headerBytes, MAX_BODY_BYTES) + 1);
        if (records > MAX_BODY_BYTES) {
            throw new BadInputException(source + ": more than " + MAX_BODY_BYTES + " bytes of records, the limit of one IDX file");
        }
        header.checkLength(kind.headerBytes + records, source);
        return header;
    }

    /**
     * Reads and checks an IDX stream, decompressing it when it starts with the gzip magic.
     *
     * @param in     the file's bytes from offset 0; not closed here
     * @param kind   images or labels
     * @param source the file, for error messages
     * @return the header and the body, whose length equals {@code count × recordBytes}
     * @throws BadInputException naming the file and what is wrong
     */
    public static IdxContent read(InputStream in, IdxHeader.Kind kind, String source) throws IOException {
        InputStream raw = in.markSupported() ? in : new BufferedInputStream(in);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        boolean gzip = ((b0 << 8) | b1) == GZIP_MAGIC;
        try {
            // Inside the try: the constructor already reads, and refuses, the gzip header.
            InputStream body = gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
            byte[] head = body.readNBytes(kind.headerBytes);
            IdxHeader header = IdxHeader.parse(head, head.length, kind, source);
            long want = header.expectedLength() - kind.headerBytes;
            byte[] records = readAtMost(body, Math.min(want, MAX_BODY_BYTES) + 1);
            if (records.length > MAX_BODY_BYTES) {
                throw new BadInputException(source + ": more than " + MAX_BODY_BYTES + " bytes of records, the limit of one IDX file");
            }
            long length = kind.headerBytes + (long) records.length;
            if (gzip && records.length > want) {
                // Inflate to the end, so that a corrupt stream fails its CRC here rather than pass for extra records.
                length += skipAtMost(body, MAX_EXTRA_BYTES);
            }
            header.checkLength(length, source);
            if (kind == IdxHeader.Kind.LABELS) {
                checkLabels(records, 0, records.length, 0, source);
            }
            return new IdxContent(header, records);
        } catch (java.util.zip.ZipException e) {
            throw new BadInputException(source + ": corrupt gzip stream (" + e.getMessage() + ")", e);
        } catch (java.io.EOFException e) {
            throw new BadInputException(source + ": truncated gzip stream (" + e.getMessage() + ")", e);
        }
    }

    /** @return how many bytes were skipped, at most {@code limit} */
    private static long skipAtMost(InputStream in, long limit) throws IOException {
        byte[] chunk = new byte[1 << 16];
        long skipped = 0;
        int n;
        while (skipped < limit && (n = in.read(chunk, 0, (int) Math.min(chunk.length, limit - skipped))) > 0) {
            skipped += n;
        }
        return skipped;
    }

    /** Reads up to {@code limit} bytes, growing the buffer only as data actually arrives. */
    private static byte[] readAtMost(InputStream in, long limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(limit, 1 << 20));
        byte[] chunk = new byte[1 << 16];
        long left = limit;
        int n;
        while (left > 0 && (n = in.read(chunk, 0, (int) Math.min(chunk.length, left))) > 0) {
            out.write(chunk, 0, n);
            left -= n;
        }
        return out.toByteArray();
    }

    /**
     * Checks that labels are digits 0–9.
     *
     * @param labels      label bytes
     * @param from        first index to check
     * @param to          end index (exclusive)
     * @param firstRecord record number of {@code labels[0]}, for the offset in the message
     * @param source      the file, for error messages
     * @throws BadInputException naming the record and its byte offset
     */
    public static void checkLabels(byte[] labels, int from, int to, long firstRecord, String source) {
        for (int i = from; i < to; i++) {
            int label = labels[i] & 0xFF;
            if (label > 9) {
                long record = firstRecord + i;
                throw new BadInputException(source + ": label " + label + " of record " + record + " at offset "
                        + (IdxHeader.Kind.LABELS.headerBytes + record) + " is not a digit 0-9");
            }
        }
    }
}
