package scratchnet.jobs.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The options of one command: {@code --key value}, {@code --key=value} and flags. Every option
 * must be read by the command; {@link #checkAllUsed()} turns a typo into a usage error instead of
 * a silently ignored setting.
 */
public final class Options {
    private final String command;
    private final List<String> arguments;
    private final Map<String, String> values = new LinkedHashMap<>();

    private Options(String command, List<String> arguments) {
        this.command = command;
        this.arguments = List.copyOf(arguments);
    }

    /**
     * @param command the command name, for messages
     * @param args    the arguments after the command name
     * @param flags   option names that take no value
     * @throws UsageException on a positional argument, a repeated option or a missing value
     */
    public static Options parse(String command, List<String> args, Set<String> flags) {
        Options o = new Options(command, args);
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new UsageException(command + ": unexpected argument '" + arg + "'");
            }
            String key = arg.substring(2);
            String value;
            int eq = key.indexOf('=');
            if (eq >= 0) {
                value = key.substring(eq + 1);
                key = key.substring(0, eq);
            } else if (flags.contains(key)) {
                value = "true";
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new UsageException(command + ": option --" + key + " needs a value");
            }
            if (o.values.put(key, value) != null) {
                throw new UsageException(command + ": option --" + key + " given twice");
            }
        }
        return o;
    }

    /** @return the command line as given: the command name, then its arguments (for provenance) */
    public List<String> commandLine() {
        List<String> out = new java.util.ArrayList<>();
        out.add(command);
        out.addAll(arguments);
        return out;
    }

    /** @return the option's value, or {@code fallback} when it was not given */
    public String string(String key, String fallback) {
        String v = values.remove(key);
        return v == null ? fallback : v;
    }

    /** @return the option's value, which must be given */
    public String required(String key) {
        String v = values.remove(key);
        if (v == null) {
            throw new UsageException(command + ": option --" + key + " is required");
        }
        return v;
    }

    /** @return whether a flag was given */
    public boolean flag(String key) {
        String v = values.remove(key);
        if (v != null && !v.equals("true") && !v.equals("false")) {
            throw new UsageException(command + ": flag --" + key + " takes no value");
        }
        return "true".equals(v);
    }

    /** @return an integer option at least {@code min}, or {@code fallback} */
    public int integer(String key, int fallback, int min) {
        String v = values.remove(key);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min) {
                throw new UsageException(command + ": --" + key + " must be at least " + min + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": --" + key + " must be an integer, got '" + v + "'");
        }
    }

    /** @return a finite number option within {@code [min, max]}, or {@code fallback} (may be NaN for "unset") */
    public double number(String key, double fallback, double min, double max) {
        String v = values.remove(key);
        if (v == null) {
            return fallback;
        }
        try {
            double x = Double.parseDouble(v.trim());
            if (!(x >= min && x <= max)) {
                throw new UsageException(command + ": --" + key + " must be between " + min + " and " + max + ", got " + v);
            }
            return x;
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": --" + key + " must be a number, got '" + v + "'");
        }
    }

    /** @throws UsageException when an option was given that the command did not read */
    public void checkAllUsed() {
        if (!values.isEmpty()) {
            throw new UsageException(command + ": unknown option --" + values.keySet().iterator().next());
        }
    }
}
