package scratchnet.jobs.cli;

import java.io.PrintStream;

/** One command of the command line ({@code evaluate}, {@code show}, …). */
public interface Command {

    /** @return the name typed on the command line */
    String name();

    /** @return the one-line synopsis of its options, as the usage text shows it */
    String synopsis();

    /** @return the options that take no value */
    default java.util.Set<String> flags() {
        return java.util.Set.of();
    }

    /**
     * Runs the command.
     *
     * @param options the parsed options: read them all first, then call {@link Options#checkAllUsed()}
     * @param out     where results go (e.g. {@code Accuracy:0.9352})
     * @param err     where progress and diagnostics go
     * @throws Exception {@link scratchnet.core.BadInputException} and {@link UsageException} become exit
     *                   code 2, {@link GateFailedException} exit code 3, anything else exit code 1
     */
    void run(Options options, PrintStream out, PrintStream err) throws Exception;
}
