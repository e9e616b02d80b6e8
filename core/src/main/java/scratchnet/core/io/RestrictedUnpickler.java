package scratchnet.core.io;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

import scratchnet.core.BadInputException;

/**
 * Razorvine's unpickler, restricted to what a pickle of NumPy arrays needs. Razorvine turns an
 * unknown global into a generic object and sets state by reflection; here every opcode that can
 * reach code is taken over:
 * <ul>
 * <li>GLOBAL and STACK_GLOBAL resolve only the {@link NumpyGlobal}s; any other name is refused
 *     at once, before the next opcode is read, so nothing it names is ever built;</li>
 * <li>REDUCE calls only those globals, BUILD sets state only on the arrays and dtypes they made;</li>
 * <li>opcodes NumPy never writes for in-band pickles (INST, OBJ, NEWOBJ, persistent ids,
 *     extension codes, out-of-band buffers, sets) are refused;</li>
 * <li>a dict key must be hashable as in Python (not a list or dict), so no key is hashed
 *     recursively, however deep or cyclic the pickle's lists are;</li>
 * <li>a length that runs past the end of the input is refused before anything is allocated.</li>
 * </ul>
 * Razorvine's static constructor registry is never consulted. Dicts keep their pickled order
 * (razorvine's own SETITEMS loses it). One instance reads one pickle.
 */
final class RestrictedUnpickler extends Unpickler {
    private final String source;
    /** The pickle's length, for offsets. */
    private int length;
    /** Where the opcode being run starts, for messages. */
    private int opcodeOffset;

    /** @param source the file, for error messages */
    RestrictedUnpickler(String source) {
        this.source = source;
    }

    /**
     * @param content the whole pickle
     * @return the top-level value
     * @throws BadInputException when the pickle is refused, truncated or corrupt
     */
    Object unpickle(byte[] content) {
        length = content.length;
        try {
            return loads(content);
        } catch (BadInputException e) {
            throw e;
        } catch (IOException | PickleException e) {
            throw new BadInputException(source + ": truncated or corrupt pickle at offset " + opcodeOffset + " (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            // A stack or memo that does not hold what an opcode needs: malformed, not our bug.
            throw new BadInputException(source + ": corrupt pickle at offset " + opcodeOffset + " (malformed structure)", e);
        }
    }

    @Override
    protected Object dispatch(short key) throws IOException {
        opcodeOffset = offset() - 1;
        switch (key) {
            case Opcodes.GLOBAL -> stack.add(allowedGlobal(PickleUtils.readline(input), PickleUtils.readline(input)));
            case Opcodes.STACK_GLOBAL -> {
                Object name = stack.pop();
                Object module = stack.pop();
                if (!(module instanceof String m) || !(name instanceof String n)) {
                    throw corrupt("STACK_GLOBAL needs a module and a name, got values of type " + PickleValues.typeName(module)
                            + " and " + PickleValues.typeName(name));
                }
                stack.add(allowedGlobal(m, n));
            }
            case Opcodes.INST -> {
                // INST names a class and builds it at once: refuse it by name when it is foreign.
                allowedGlobal(PickleUtils.readline(input), PickleUtils.readline(input));
                throw refused("INST");
            }
            case Opcodes.REDUCE -> reduce();
            case Opcodes.BUILD -> build();
            case Opcodes.EMPTY_DICT -> stack.add(new LinkedHashMap<>());
            case Opcodes.DICT -> {
                Map<Object, Object> dict = new LinkedHashMap<>();
                putPairs(stack.pop_all_since_marker(), dict);
                stack.add(dict);
            }
            case Opcodes.SETITEM -> {
                Object value = stack.pop();
                Object name = stack.pop();
                putPairs(java.util.Arrays.asList(name, value), dictOnTop());
            }
            case Opcodes.SETITEMS -> {
                List<Object> items = stack.pop_all_since_marker();
                putPairs(items, dictOnTop());
            }
            case Opcodes.OBJ, Opcodes.NEWOBJ, Opcodes.NEWOBJ_EX, Opcodes.PERSID, Opcodes.BINPERSID,
                    Opcodes.EXT1, Opcodes.EXT2, Opcodes.EXT4, Opcodes.NEXT_BUFFER, Opcodes.READONLY_BUFFER,
                    Opcodes.EMPTY_SET, Opcodes.ADDITEMS, Opcodes.FROZENSET -> throw refused(opcodeName(key));
            case Opcodes.BINSTRING, Opcodes.BINBYTES, Opcodes.BINUNICODE, Opcodes.LONG4 -> {
                checkLength(4);
                return super.dispatch(key);
            }
            case Opcodes.BINUNICODE8, Opcodes.BINBYTES8, Opcodes.BYTEARRAY8 -> {
                checkLength(8);
                return super.dispatch(key);
            }
            default -> {
                return super.dispatch(key);
            }
        }
        return NO_RETURN_VALUE;
    }

    private NumpyGlobal allowedGlobal(String module, String name) {
        NumpyGlobal global = NumpyGlobal.find(module, name);
        if (global == null) {
            throw new BadInputException(source + ": pickle refers to global " + Printable.of(module + "." + name) + ", which is not allowed");
        }
        return global;
    }

    private void reduce() {
        Object args = stack.pop();
        Object callable = stack.pop();
        if (!(callable instanceof NumpyGlobal global)) {
            throw corrupt("REDUCE calls a value of type " + PickleValues.typeName(callable) + ", which is not callable here");
        }
        if (!(args instanceof Object[] tuple)) {
            throw corrupt("REDUCE needs an argument tuple, got " + PickleValues.typeName(args));
        }
        stack.add(global.call(tuple, source));
    }

    private void build() {
        Object state = stack.pop();
        Object target = stack.peek();
        if (target instanceof PickledArray array) {
            array.setState(state);
        } else if (target instanceof PickledDtype dtype) {
            dtype.setState(state);
        } else {
            throw corrupt("BUILD sets the state of a value of type " + PickleValues.typeName(target) + ", which is not allowed");
        }
    }

    /** Puts key-value pairs in pickled order, so that dicts keep it and a repeated key keeps its last value. */
    private void putPairs(List<Object> items, Map<Object, Object> dict) {
        if (items.size() % 2 != 0) {
            throw corrupt("a dict needs key-value pairs, got " + items.size() + " items");
        }
        for (int i = 0; i < items.size(); i += 2) {
            Object key = items.get(i);
            if (key instanceof List || key instanceof Map) {
                // Hashing a list that holds itself, or one nested deep enough, would overflow the stack.
                throw corrupt("a dict key of type " + PickleValues.typeName(key) + ", which Python cannot hash either");
            }
            dict.put(key, items.get(i + 1));
        }
    }

    @SuppressWarnings("unchecked") // every dict on the stack was made by EMPTY_DICT or DICT above
    private Map<Object, Object> dictOnTop() {
        Object target = stack.peek();
        if (!(target instanceof LinkedHashMap)) {
            throw corrupt("SETITEMS on a value of type " + PickleValues.typeName(target) + ", not a dict");
        }
        return (Map<Object, Object>) target;
    }

    /** Refuses a length prefix that claims more bytes than are left, before they are allocated. */
    private void checkLength(int prefixBytes) throws IOException {
        input.mark(prefixBytes);
        byte[] prefix = input.readNBytes(prefixBytes);
        input.reset();
        if (prefix.length < prefixBytes) {
            throw truncated("the input ends inside a length");
        }
        long claimed = prefixBytes == 4 ? PickleUtils.bytes_to_uint(prefix, 0) : PickleUtils.bytes_to_long(prefix, 0);
        long left = input.available() - (long) prefixBytes;
        if (claimed < 0 || claimed > left) {
            throw truncated("a length of " + Long.toUnsignedString(claimed) + " bytes, but only " + left + " remain");
        }
    }

    private int offset() throws IOException {
        return length - input.available();
    }

    private BadInputException truncated(String what) {
        return new BadInputException(source + ": truncated pickle at offset " + opcodeOffset + ": " + what);
    }

    private BadInputException corrupt(String what) {
        return new BadInputException(source + ": corrupt pickle at offset " + opcodeOffset + ": " + what);
    }

    private BadInputException refused(String opcode) {
        return new BadInputException(source + ": pickle uses opcode " + opcode + " at offset " + opcodeOffset
                + ", which is not allowed in a weights file");
    }

    private static String opcodeName(short key) {
        return switch (key) {
            case Opcodes.OBJ -> "OBJ";
            case Opcodes.NEWOBJ -> "NEWOBJ";
            case Opcodes.NEWOBJ_EX -> "NEWOBJ_EX";
            case Opcodes.PERSID -> "PERSID";
            case Opcodes.BINPERSID -> "BINPERSID";
            case Opcodes.EXT1, Opcodes.EXT2, Opcodes.EXT4 -> "EXT";
            case Opcodes.NEXT_BUFFER -> "NEXT_BUFFER";
            case Opcodes.READONLY_BUFFER -> "READONLY_BUFFER";
            case Opcodes.EMPTY_SET -> "EMPTY_SET";
            case Opcodes.ADDITEMS -> "ADDITEMS";
            case Opcodes.FROZENSET -> "FROZENSET";
            default -> "0x" + Integer.toHexString(key);
        };
    }
}
