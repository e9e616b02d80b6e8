package scratchnet.core.io;

import scratchnet.core.BadInputException;

/**
 * A {@code numpy.dtype} as a pickle builds it: {@code dtype('f4', False, True)}, then BUILD with
 * the state {@code (3, '<', None, None, None, -1, -1, 0)} whose second item is the byte order.
 */
final class PickledDtype {
    private final String name;
    private Object state;

    /** @param name the type code and size, e.g. {@code f4} */
    PickledDtype(String name) {
        this.name = name;
    }

    /** What BUILD does: keeps the state, read when the dtype is resolved. */
    void setState(Object state) {
        this.state = state;
    }

    /**
     * @param where the file and key, for messages
     * @return the dtype, e.g. {@code <f4} from name {@code f4} and byte order {@code <}
     * @throws BadInputException when the state has no byte order or the dtype is unsupported
     */
    NumpyDtype resolve(String where) {
        if (!(state instanceof Object[] items) || items.length < 2 || !(items[1] instanceof String byteOrder)) {
            throw new BadInputException(where + ": dtype " + name + " has no byte order in its pickled state");
        }
        return NumpyDtype.parse(byteOrder + name, where);
    }
}
