package scratchnet.jobs.cli;

import picocli.CommandLine.Option;

/** The options every command has; {@link Cli} adds them to each. */
final class CommonOptions {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Print this command's options and exit.")
    boolean help;

    @Option(names = "--verbose", description = "On a failure, print its stack trace too; show the failures of Spark's tasks.")
    boolean verbose;
}
