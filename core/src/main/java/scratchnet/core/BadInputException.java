package scratchnet.core;

/**
 * Input that cannot be used: a missing or malformed file, a mis-shaped array, an invalid value.
 * The message is one line that names what was wrong and where (file, offset, key, shape); the
 * command line prints it as it is and exits with code 2.
 */
public class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message one line naming what was wrong and where */
    public BadInputException(String message) {
        super(message);
    }

    /**
     * @param message one line naming what was wrong and where
     * @param cause   the lower-level failure, kept for {@code --verbose}
     */
    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
