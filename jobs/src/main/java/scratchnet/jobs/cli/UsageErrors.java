package scratchnet.jobs.cli;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.apache.commons.text.similarity.LevenshteinDistance;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.OverwrittenOptionException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * picocli's parse errors as one line each, naming the command and the option, with a suggestion
 * for a mistyped name: {@code evaluate: unknown option --bach-size (did you mean --batch-size?)}.
 */
final class UsageErrors {
    /** Edits (insertions, deletions, substitutions) between a typed name and a declared one. */
    private static final LevenshteinDistance EDITS = LevenshteinDistance.getDefaultInstance();

    private UsageErrors() {
    }

    /**
     * @param e    what picocli refused
     * @param args the arguments it parsed
     * @return the line to print, without the {@code scratchnet: } prefix
     */
    static String message(ParameterException e, List<String> args) {
        CommandSpec spec = e.getCommandLine().getCommandSpec();
        boolean top = spec.parent() == null;
        String command = top ? "" : spec.name() + ": ";
        if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String arg = u.getUnmatched().get(0);
            if (arg.startsWith("-")) {
                String name = arg.split("=", 2)[0];
                List<String> names = spec.options().stream().map(OptionSpec::longestName).toList();
                return command + "unknown option " + name + closest(name, names).map(n -> " (did you mean " + n + "?)").orElse("");
            }
            return top ? unknownCommand(arg, spec.subcommands().keySet()) : command + "unexpected argument '" + arg + "'";
        }
        if (e instanceof MissingParameterException m && !m.getMissing().isEmpty() && m.getMissing().get(0) instanceof OptionSpec o) {
            String name = o.longestName();
            boolean given = args.stream().anyMatch(a -> a.equals(name) || a.startsWith(name + "="));
            return command + "option " + name + (given ? " needs a value" : " is required");
        }
        if (e instanceof OverwrittenOptionException o && o.getOverwritten() instanceof OptionSpec option) {
            return command + "option " + option.longestName() + " given twice";
        }
        if (e.getCause() instanceof TypeConversionException c && e.getArgSpec() instanceof OptionSpec option) {
            // a converter may name the option itself (core's parsers do)
            String check = c.getMessage();
            return command + (check.startsWith(option.longestName() + " ") ? check : option.longestName() + " " + check);
        }
        return command + e.getMessage().lines().findFirst().orElse(e.getClass().getSimpleName());
    }

    /** @return {@code unknown command 'evalute' (did you mean evaluate?)}, or the list of commands when none is close */
    static String unknownCommand(String name, Collection<String> commands) {
        return "unknown command '" + name + "' " + closest(name, commands).map(c -> "(did you mean " + c + "?)")
                .orElse("(commands: " + String.join(", ", commands) + ")");
    }

    /**
     * @return the name closest to a mistyped one: at most two edits away (one for short names),
     *         or the one that starts with it or that it starts with (such as {@code --data} for
     *         {@code --data-dir})
     */
    static Optional<String> closest(String typed, Collection<String> names) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String name : names) {
            int d = EDITS.apply(typed, name);
            boolean prefix = Math.min(typed.length(), name.length()) >= 4 && (typed.startsWith(name) || name.startsWith(typed));
            int allowed = Math.min(typed.length(), name.length()) <= 4 ? 1 : 2;
            if ((d <= allowed || prefix) && d < bestDistance) {
                best = name;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }
}
