package scratchnet.core;

/**
 * A quality gate failed (e.g. accuracy below {@code --min-accuracy}) after the work was done,
 * thrown by whichever job checked it: the command line prints the message as it is and exits with
 * code 3, as it does with code 2 for a {@link BadInputException}.
 */
public class GateFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message one line naming the gate, the threshold and the measured value */
    public GateFailedException(String message) {
        super(message);
    }
}
