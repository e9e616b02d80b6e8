package scratchnet.jobs.cli;

/** A quality gate failed (e.g. accuracy below {@code --min-accuracy}) after the work was done. Exit code 3. */
public class GateFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message one line naming the gate, the threshold and the measured value */
    public GateFailedException(String message) {
        super(message);
    }
}
