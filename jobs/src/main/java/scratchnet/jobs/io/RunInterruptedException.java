package scratchnet.jobs.io;

/**
 * A run that ended early on SIGINT or SIGTERM after keeping what it had ({@link Interrupts}): its
 * message is the one line for the user, and the process exits with the signal's code.
 */
public final class RunInterruptedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    /**
     * @param signal  {@code SIGINT} or {@code SIGTERM}
     * @param message what was kept and how to go on
     */
    public RunInterruptedException(String signal, String message) {
        super(message);
        this.exitCode = Interrupts.exitCode(signal);
    }

    /** @return 130 for SIGINT, 143 for SIGTERM */
    public int exitCode() {
        return exitCode;
    }
}
