package scratchnet.jobs.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import scratchnet.core.BadInputException;
import scratchnet.jobs.spark.SparkLogging;

/**
 * The command line: {@code COMMAND [options]}. Turns every failure into one line on stderr and an
 * exit code: 0 done, 2 bad usage or bad input, 3 a quality gate failed, 1 anything else. A stack
 * trace is printed only with {@code --verbose}.
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

    private final Map<String, Command> commands = new LinkedHashMap<>();

    /** @param commands the commands it knows */
    public Cli(List<Command> commands) {
        for (Command c : commands) {
            this.commands.put(c.name(), c);
        }
    }

    /** @return the command line with every command of the product */
    public static Cli standard() {
        return new Cli(List.of(
                new FetchDataCommand(),
                new EvaluateCommand(),
                new TrainCommand(),
                new GradcheckCommand(),
                new ShowCommand(),
                new PlotGradientCommand(),
                new HistoryCommand(),
                new WalkthroughCommand(),
                new BenchmarkCommand()));
    }

    /**
     * Runs one command.
     *
     * @param args the command name, then its options; {@code --verbose} anywhere adds stack traces
     * @return the exit code
     */
    public int run(String[] args, PrintStream out, PrintStream err) {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        boolean verbose = rest.remove("--verbose");
        if (verbose) {
            SparkLogging.showTaskFailures();
        }
        try {
            if (rest.isEmpty() || rest.get(0).equals("--help") || rest.get(0).equals("help")) {
                out.print(usage());
                return rest.isEmpty() ? BAD_INPUT : OK;
            }
            Command command = commands.get(rest.get(0));
            if (command == null) {
                throw new UsageException("unknown command '" + rest.get(0) + "' (commands: " + String.join(", ", commands.keySet()) + ")");
            }
            command.run(Options.parse(command.name(), rest.subList(1, rest.size()), command.flags()), out, err);
            return OK;
        } catch (UsageException | BadInputException e) {
            return fail(err, verbose, e, BAD_INPUT);
        } catch (GateFailedException e) {
            return fail(err, verbose, e, GATE_FAILED);
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
        BadInputException bad = rootBadInput(e);
        String message = bad != null ? bad.getMessage() : e.getMessage();
        if (message == null || message.isBlank()) {
            message = e.getClass().getName();
        } else if (bad == null && !(e instanceof UsageException) && !(e instanceof GateFailedException)) {
            message = message.lines().findFirst().orElse(message);
        }
        err.println("scratchnet: " + message);
        if (verbose) {
            e.printStackTrace(err);
        }
        return code;
    }

    /** @return the usage text: every command and its options */
    public String usage() {
        StringBuilder sb = new StringBuilder("usage: submit.sh [spark-submit options] COMMAND [options] [--verbose]\n\ncommands:\n");
        for (Command c : commands.values()) {
            sb.append("  ").append(c.name()).append(' ').append(c.synopsis()).append('\n');
        }
        return sb.toString();
    }
}
