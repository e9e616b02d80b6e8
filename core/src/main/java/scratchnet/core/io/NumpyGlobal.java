package scratchnet.core.io;

import java.util.Arrays;
import java.util.List;

import scratchnet.core.BadInputException;

/**
 * The only Python globals a weights pickle may name: what NumPy 1.x and 2.x write for a dict of
 * arrays under protocols 2 to 5. Each is a plain Java stand-in that builds inert data; nothing a
 * pickle names is ever looked up, loaded or run.
 */
enum NumpyGlobal {
    /** {@code _reconstruct(ndarray, (0,), b'b')}: an empty array, filled in by BUILD. */
    RECONSTRUCT("numpy.core.multiarray._reconstruct", "numpy._core.multiarray._reconstruct"),
    /** {@code _frombuffer(buffer, dtype, shape, order[, axis_order])}: protocol 5's array. */
    FROMBUFFER("numpy.core.numeric._frombuffer", "numpy._core.numeric._frombuffer"),
    /** The class {@code numpy.ndarray}, only ever an argument of {@code _reconstruct}. */
    NDARRAY("numpy.ndarray"),
    /** {@code dtype('f4', False, True)}, its byte order set by BUILD. */
    DTYPE("numpy.dtype"),
    /** {@code _codecs.encode(text, 'latin1')}: how protocol 2 writes {@code bytes} from Python 3. */
    CODECS_ENCODE("_codecs.encode"),
    /** {@code bytes()}: how protocol 2 writes empty {@code bytes}, the data of an empty array. */
    BYTES("__builtin__.bytes", "builtins.bytes");

    private final List<String> names;

    NumpyGlobal(String... names) {
        this.names = List.of(names);
    }

    /**
     * @param module the module a pickle names, e.g. {@code numpy}
     * @param name   the attribute, e.g. {@code dtype}
     * @return the stand-in, or {@code null} when the global is not allowed
     */
    static NumpyGlobal find(String module, String name) {
        String qualified = module + "." + name;
        return Arrays.stream(values()).filter(g -> g.names.contains(qualified)).findFirst().orElse(null);
    }

    /**
     * What REDUCE does with this global: builds its stand-in value.
     *
     * @param args   the call's arguments
     * @param source the file, for error messages
     * @throws BadInputException when the arguments are not what NumPy writes
     */
    Object call(Object[] args, String source) {
        Object value = switch (this) {
            case RECONSTRUCT -> args.length == 3 && args[0] == NDARRAY ? new PickledArray() : null;
            case FROMBUFFER -> args.length == 4 || args.length == 5 ? new PickledArray(args) : null;
            case DTYPE -> args.length >= 1 && args[0] instanceof String name ? new PickledDtype(name) : null;
            case CODECS_ENCODE -> args.length == 2 && args[0] instanceof String text && isLatin1(args[1])
                    ? latin1Bytes(text, source) : null;
            case BYTES -> args.length == 0 ? new byte[0] : null;
            case NDARRAY -> null;
        };
        if (value == null) {
            throw new BadInputException(source + ": pickle calls " + this + " with arguments " + PickleValues.typesOf(args)
                    + ", which is not how NumPy pickles arrays");
        }
        return value;
    }

    private static boolean isLatin1(Object encoding) {
        return "latin1".equals(encoding) || "latin-1".equals(encoding);
    }

    private static byte[] latin1Bytes(String text, String source) {
        byte[] out = new byte[text.length()];
        for (int i = 0; i < out.length; i++) {
            char c = text.charAt(i);
            if (c > 0xFF) {
                throw new BadInputException(source + ": _codecs.encode text holds U+" + Integer.toHexString(c) + ", not a latin1 byte");
            }
            out[i] = (byte) c;
        }
        return out;
    }

    /** @return the Python name, e.g. {@code numpy.dtype} */
    @Override
    public String toString() {
        return names.get(0);
    }
}
