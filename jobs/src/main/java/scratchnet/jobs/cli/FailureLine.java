package scratchnet.jobs.cli;

import java.io.PrintStream;

/**
 * Standard error as the command line writes to it, remembering the last line that said why the
 * command failed ({@code scratchnet: …}), for a cluster manager's diagnostics.
 */
final class FailureLine extends PrintStream {
    private static final String PREFIX = "scratchnet: ";
    private volatile String last;

    /** @param err where the lines go */
    FailureLine(PrintStream err) {
        super(err, true);
    }

    @Override
    public void println(String line) {
        if (line != null && line.startsWith(PREFIX) && !line.startsWith(PREFIX + "warning:")) {
            last = line.lines().findFirst().orElse(line);
        }
        super.println(line);
    }

    /** @return the last failure line printed, or null */
    String last() {
        return last;
    }
}
