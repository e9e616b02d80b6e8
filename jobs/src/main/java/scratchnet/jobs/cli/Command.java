package scratchnet.jobs.cli;

import java.io.PrintStream;

import scratchnet.core.GateFailedException;

/**
 * One command of the command line ({@code evaluate}, {@code show}, …): a class annotated with
 * picocli's {@code @Command} (its name and description) whose {@code @Option} fields declare its
 * options, each with its name, default, description and check. {@link Cli} fills the fields from
 * the arguments, then calls {@link #run}.
 */
public interface Command {

    /** @return the name typed on the command line, as the {@code @Command} annotation gives it */
    default String name() {
        return getClass().getAnnotation(picocli.CommandLine.Command.class).name();
    }

    /**
     * Runs the command, its options already parsed and checked.
     *
     * @param out where results go (e.g. {@code Accuracy:0.9352})
     * @param err where progress and diagnostics go
     * @throws Exception {@link scratchnet.core.BadInputException} and {@link UsageException} become exit
     *                   code 2, {@link GateFailedException} exit code 3, anything else exit code 1
     */
    void run(PrintStream out, PrintStream err) throws Exception;
}
