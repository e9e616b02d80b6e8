package scratchnet.jobs.cli;

/**
 * A command failed in a driver that YARN's ApplicationMaster runs (cluster deploy mode): thrown from
 * {@code main}, it ends the application FAILED, and its one-line message, the command's own line and
 * exit code, becomes the application's diagnostics ({@code User class threw exception:
 * scratchnet.jobs.cli.ClusterRunFailedException: scratchnet: … (exit 2)}). It carries no stack trace:
 * the diagnostics are the message, whose cause the line names.
 */
public final class ClusterRunFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    /**
     * @param exitCode the command's exit code (1, 2, 3)
     * @param line     the line the command printed for the failure, or null when it printed none
     */
    public ClusterRunFailedException(int exitCode, String line) {
        super((line == null ? "scratchnet: the command ended with exit code " + exitCode : line) + " (exit " + exitCode + ")", null, false, false);
        this.exitCode = exitCode;
    }

    /** @return the command's exit code */
    public int exitCode() {
        return exitCode;
    }
}
