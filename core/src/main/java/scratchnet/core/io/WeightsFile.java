package scratchnet.core.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import scratchnet.core.BadInputException;
import scratchnet.core.InputFile;
import scratchnet.core.array.NdArray;
import scratchnet.core.net.Network;

/**
 * The network's weights on disk: the book's pickle ({@code sample_weight.pkl}), our
 * {@code .npz}, or an ONNX model ({@link OnnxReader}). The format is told by content, not by name: a
 * pickle starts with the PROTO opcode ({@code 0x80}) and a protocol from 2 to 5, an npz with the zip
 * magic {@code PK\x03\x04}, an ONNX model with its {@code ir_version} field ({@code 0x08}).
 */
public final class WeightsFile {
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
    /** The largest weights file read: far above any network trained here (the book's is 0.2 MB). */
    private static final long MAX_BYTES = 512L << 20;

    private WeightsFile() {
    }

    /**
     * @param content the whole file
     * @param source  the file it came from, for error messages
     * @return its arrays by name, in the file's order, each in C order
     * @throws BadInputException when the file is none of the formats or is malformed
     */
    public static Map<String, NdArray> readArrays(byte[] content, String source) {
        if (NumpyPickle.looksLikePickle(content)) {
            return NumpyPickle.read(content, source);
        }
        if (startsWith(content, ZIP_MAGIC)) {
            return Npz.read(content, source);
        }
        if (OnnxReader.looksLikeOnnx(content)) {
            return OnnxReader.read(content, source);
        }
        BadInputException unsupported = NumpyPickle.unsupportedProtocol(content, source);
        throw unsupported != null ? unsupported : new BadInputException(source + ": not a pickle, npz or ONNX weights file");
    }

    /**
     * @param content the whole file
     * @param source  the file it came from, for error messages
     * @return the network its {@code W1, b1, W2, b2, …} describe
     * @throws BadInputException when the file is malformed, an array is missing, mis-shaped or
     *                           holds a value that is not finite
     */
    public static Network readNetwork(byte[] content, String source) {
        return Network.fromArrays(readArrays(content, source), source);
    }

    /**
     * @param file a weights file on the local file system
     * @return the network it holds
     * @throws BadInputException when the file is missing, unreadable or malformed
     */
    public static Network readNetwork(Path file) {
        String source = file.toString();
        byte[] content;
        long size = InputFile.requireRegular(file);
        if (size > MAX_BYTES) {
            throw new BadInputException(source + ": " + size + " bytes is too large for a weights file");
        }
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BadInputException(source + ": cannot read: " + e.getMessage(), e);
        }
        return readNetwork(content, source);
    }

    /**
     * Writes arrays as an {@code .npz} that {@code np.load} reads back bit for bit: see
     * {@link Npz#write(Map, OutputStream)}.
     *
     * @param arrays the arrays by key, e.g. {@link Network#toArrays()}
     * @param out    where the archive goes; not closed
     * @throws UncheckedIOException when {@code out} fails
     */
    public static void writeNpz(Map<String, NdArray> arrays, OutputStream out) {
        Npz.write(arrays, out);
    }

    private static boolean startsWith(byte[] content, byte[] magic) {
        if (content.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (content[i] != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
