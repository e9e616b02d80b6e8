package scratchnet.jobs.cli;

/** Bad command-line usage: an unknown command or option, a missing or malformed value. Exit code 2. */
public class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message one line saying what is wrong with the command line */
    public UsageException(String message) {
        super(message);
    }
}
