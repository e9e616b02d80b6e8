package scratchnet.jobs.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

import scratchnet.core.BadInputException;
import scratchnet.core.GateFailedException;
import scratchnet.core.io.Printable;
import scratchnet.jobs.io.Interrupts;
import scratchnet.jobs.io.RunInterruptedException;
import scratchnet.jobs.spark.SparkLogging;

/**
 * The command line: {@code COMMAND [options]}, parsed by picocli from the options each command
 * declares. Turns every failure into one line on stderr and an exit code: 0 done, 2 bad usage or
 * bad input, 3 a quality gate failed, 130 or 143 interrupted by SIGINT or SIGTERM, 1 anything else. A stack trace is printed only with
 * {@code --verbose}. {@code COMMAND --help} and {@code help COMMAND} print a command's options.
 */
public final class Cli {
    /** Exit code: done. */
    public static final int OK = 0;
    /** Exit code: an unexpected failure. */
    public static final int FAILED = 1;
    /** Exit code: bad usage or bad input. */
    public static final int BAD_INPUT = 2;
    /** Exit code: a quality gate (e.g. {@code --min-accuracy}) failed. */
    public static final int GATE_FAILED = 3;

    private final List<Command> commands;

    /** @param commands the commands it knows, in the order the usage text lists them */
    public Cli(List<Command> commands) {
        this.commands = List.copyOf(commands);
    }

    /** @return the command line with every command of the product: the one list of them */
    public static Cli standard() {
        return new Cli(List.of(
                new FetchDataCommand(),
                new EvaluateCommand(),
                new TrainCommand(),
                new PredictCommand(),
                new ExportMllibCommand(),
                new ExportOnnxCommand(),
                new GradcheckCommand(),
                new ShowCommand(),
                new PlotGradientCommand(),
                new HistoryCommand(),
                new WalkthroughCommand(),
                new BenchmarkCommand(),
                new HelpCommand()));
    }

    /** The command line above the commands: only its help. */
    @CommandLine.Command(name = "submit.sh", customSynopsis = "submit.sh [spark-submit options] COMMAND [options]%n",
            description = "The network of Deep Learning from Scratch (ch. 3-4) as Spark batch jobs.",
            commandListHeading = "%nCommands:%n",
            footer = "%n'submit.sh COMMAND --help' or 'submit.sh help COMMAND' prints a command's options.")
    private static final class Root {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Print the commands and exit.")
        private boolean help;
    }

    /**
     * @param args the arguments to parse
     * @return the parser of the command the first argument names, or of every command (help, a
     *         mistyped or missing command); each with the {@link CommonOptions}. picocli builds a
     *         command's options by reflection, in code its Java 5 class files keep out of the JVM's
     *         class-data archive: the others' cost every start ~0.15 s (jobs/bench/README.md, Cold start)
     */
    private CommandLine parser(String[] args) {
        List<Command> needed = commands;
        for (Command c : commands) {
            if (args.length > 0 && c.name().equals(args[0]) && !(c instanceof HelpCommand)) {
                needed = List.of(c);
            }
        }
        CommandLine root = new CommandLine(new Root());
        root.setExpandAtFiles(false); // an argument such as @file is a value, not a file of arguments
        root.getCommandSpec().usageMessage().sortOptions(false);
        for (Command c : needed) {
            CommandLine line = new CommandLine(c);
            line.addMixin("common", new CommonOptions());
            line.getCommandSpec().usageMessage().sortOptions(false).sortSynopsis(false).showDefaultValues(true);
            root.addSubcommand(line);
        }
        return root;
    }

    /**
     * Runs one command.
     *
     * @param args the command name, then its options; {@code --verbose} anywhere adds stack traces
     * @return the exit code
     */
    public int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine root = parser(args);
        ParseResult parsed;
        try {
            parsed = root.parseArgs(args);
        } catch (ParameterException e) {
            err.println("scratchnet: " + Printable.escaped(UsageErrors.message(e, Arrays.asList(args)), "\n"));
            return BAD_INPUT;
        }
        ParseResult given = parsed.subcommand();
        if (given == null) {
            root.usage(out);
            return parsed.isUsageHelpRequested() ? OK : BAD_INPUT;
        }
        CommandLine line = given.commandSpec().commandLine();
        if (given.isUsageHelpRequested()) {
            line.usage(out);
            return OK;
        }
        boolean verbose = ((CommonOptions) line.getMixins().get("common")).verbose;
        if (verbose) {
            SparkLogging.showTaskFailures();
        }
        try {
            ((Command) line.getCommand()).run(out, err);
            return OK;
        } catch (UsageException | BadInputException e) {
            return fail(err, verbose, e, BAD_INPUT);
        } catch (GateFailedException e) {
            return fail(err, verbose, e, GATE_FAILED);
        } catch (RunInterruptedException e) {
            return fail(err, verbose, e, e.exitCode());
        } catch (Exception | Error e) {
            return fail(err, verbose, e, rootBadInput(e) != null ? BAD_INPUT : FAILED);
        }
    }

    /**
     * Spark wraps a task's exception in its own; a bad input found on an executor is still a bad
     * input, and its message is the one to show.
     */
    private static BadInputException rootBadInput(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BadInputException b) {
                return b;
            }
        }
        return null;
    }

    private static int fail(PrintStream err, boolean verbose, Throwable e, int code) {
        if (Interrupts.exiting()) {
            // the process is exiting on a signal, which said so: this failure is its echo
            return code;
        }
        BadInputException bad = rootBadInput(e);
        String message = bad != null ? bad.getMessage() : e.getMessage();
        if (message == null || message.isBlank()) {
            message = e.getClass().getName();
        } else if (bad == null && !(e instanceof UsageException) && !(e instanceof GateFailedException)) {
            message = message.lines().findFirst().orElse(message);
        }
        // The one place a failure reaches the terminal: bytes of any input it quotes are escaped
        // (only a usage message keeps its own line breaks).
        err.println("scratchnet: " + Printable.escaped(message, e instanceof UsageException ? "\n" : ""));
        if (verbose) {
            e.printStackTrace(err);
        }
        return code;
    }
}
