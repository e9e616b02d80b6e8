package scratchnet.jobs.submit;

/**
 * How a driver that a cluster manager ran ended, as the submitting side learns it.
 *
 * @param exitCode the driver's exit code (0 done, 1, 2, 3 as the command line's)
 * @param line     the one line to print on stderr ({@code scratchnet: …}), or null for none
 */
public record DriverOutcome(int exitCode, String line) {
    /** The driver ended well. */
    public static final DriverOutcome SUCCEEDED = new DriverOutcome(0, null);
}
