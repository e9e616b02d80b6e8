package scratchnet.core.io;

import java.util.LinkedHashMap;
import java.util.Map;

import scratchnet.core.BadInputException;
import scratchnet.core.array.NdArray;

/**
 * Reads a pickle of named NumPy arrays, as the book's {@code sample_weight.pkl}: a dict of
 * {@code str → numpy.ndarray}, pickle protocol 2 to 5, written by NumPy 1.x or 2.x. Arrays come
 * back in C order whatever order the pickle holds them in; the pickle's own flag says which.
 * <p>
 * Reading is safe on untrusted files: only the few NumPy globals an array pickle needs are
 * understood, and a pickle naming any other (say {@code os.system}) is refused as soon as it is
 * named; nothing is ever executed.
 */
public final class NumpyPickle {
    private static final int PROTO = 0x80;
    private static final int MIN_PROTOCOL = 2;
    private static final int MAX_PROTOCOL = 5;

    private NumpyPickle() {
    }

    /** The opcodes a protocol 0 or 1 pickle of a dict or an object starts with: MARK, EMPTY_DICT, GLOBAL, EMPTY_LIST, EMPTY_TUPLE. */
    private static final String OLD_PROTOCOL_STARTS = "(}c])";

    /**
     * Names a pickle this reader does not take: protocols 0 and 1 (they have no PROTO opcode, so
     * they are told by their first opcode and the STOP at their end) and protocols above 5.
     *
     * @param content a file's content
     * @param source  the file, for the message
     * @return the refusal, or {@code null} when the content is not such a pickle
     */
    public static BadInputException unsupportedProtocol(byte[] content, String source) {
        if (content.length >= 2 && (content[0] & 0xFF) == PROTO && content[1] > MAX_PROTOCOL) {
            return new BadInputException(source + ": pickle protocol " + content[1] + " is not supported (" + MIN_PROTOCOL + " to "
                    + MAX_PROTOCOL + " are)");
        }
        if (content.length >= 2 && OLD_PROTOCOL_STARTS.indexOf(content[0]) >= 0 && content[content.length - 1] == '.') {
            return new BadInputException(source + ": pickle protocol 0 or 1 is not supported; save it again with protocol "
                    + MIN_PROTOCOL + " or later (pickle.dump(obj, f, protocol=" + MIN_PROTOCOL + "))");
        }
        return null;
    }

    /** @return whether the content starts as a pickle of protocol 2 to 5 does */
    public static boolean looksLikePickle(byte[] content) {
        return content.length >= 2 && (content[0] & 0xFF) == PROTO && content[1] >= MIN_PROTOCOL && content[1] <= MAX_PROTOCOL;
    }

    /**
     * @param content the whole pickle
     * @param source  the file it came from, for error messages
     * @return the arrays by name, in the pickle's order, each in C order
     * @throws BadInputException when the pickle is refused, corrupt, not a dict of arrays, or an
     *                           array has an unsupported dtype or a data length that does not fit
     *                           its shape; the message names the file and the key
     */
    public static Map<String, NdArray> read(byte[] content, String source) {
        if (!looksLikePickle(content)) {
            throw new BadInputException(source + ": not a pickle of protocol " + MIN_PROTOCOL + " to " + MAX_PROTOCOL);
        }
        Object top = new RestrictedUnpickler(source).unpickle(content);
        if (!(top instanceof Map<?, ?> dict)) {
            throw new BadInputException(source + ": pickle top level is of type " + PickleValues.typeName(top)
                    + ", expected a dict of name -> numpy.ndarray");
        }
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : dict.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                throw new BadInputException(source + ": pickled dict has a key of type " + PickleValues.typeName(entry.getKey())
                        + ", expected str");
            }
            if (!(entry.getValue() instanceof PickledArray array)) {
                throw new BadInputException(source + ": " + Printable.of(key) + " is of type " + PickleValues.typeName(entry.getValue())
                        + ", expected numpy.ndarray");
            }
            arrays.put(key, array.toNdArray(source + ": " + Printable.of(key)));
        }
        return arrays;
    }
}
