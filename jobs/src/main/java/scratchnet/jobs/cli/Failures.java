package scratchnet.jobs.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FSError;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.AnalysisException;

import scratchnet.core.BadInputException;
import scratchnet.core.GateFailedException;
import scratchnet.jobs.io.RunInterruptedException;

/**
 * Every failure mapped once to the exit contract: its code and the one line that says what was
 * wrong and where. Our own exceptions say it themselves; Spark's, Spark SQL's and MLlib's are
 * read here: a bad input found in a task (Spark wraps it in its job's failure, or a table
 * writer's), Spark SQL's analysis errors by their error class (a missing path, a column missing,
 * doubled or ambiguous), a file that is not what its table says (a stray or truncated part file,
 * part files of conflicting schemas, a checksum that does not match) by the file it names. Spark's
 * wrappers ("Exception thrown in awaitResult", "Job aborted due to stage failure") are looked
 * through to the failure they carry.
 */
final class Failures {
    /** Spark SQL's error classes of input that cannot be used (beside every {@link AnalysisException}). */
    private static final List<String> BAD_INPUT_CONDITIONS = List.of("FAILED_READ_FILE", "PATH_NOT_FOUND", "UNABLE_TO_INFER_SCHEMA",
            "COLUMN_ALREADY_EXISTS", "AMBIGUOUS_REFERENCE", "UNRESOLVED_COLUMN", "PARQUET_COLUMN_DATA_TYPE_MISMATCH",
            "CANNOT_READ_FILE_FOOTER", "INVALID_PARQUET", "MALFORMED_RECORD_IN_PARSING");
    /** What the root failure of a file that is not what it should be says. */
    private static final Pattern FILE_FAULT = Pattern.compile("is not a Parquet file|Checksum error|Invalid Spark read type|"
            + "Can not read value at|Could not read footer|Unexpected end of|Premature EOF|Corrupt|can not read class org\\.apache\\.parquet",
            Pattern.CASE_INSENSITIVE);
    /** How a task failure reached the driver without its exception: "…): class: message". */
    private static final Pattern LOST_TASK = Pattern.compile("most recent failure: Lost task [^:]*\\): ([\\w.$]+)(?:: (.*))?");
    private static final Pattern SQL_STATE = Pattern.compile("\\s*SQLSTATE: \\w+\\.?;?\\s*$");

    /**
     * A failure as the command line reports it.
     *
     * @param code      the exit code
     * @param message   what to print after {@code scratchnet: }
     * @param multiline whether the message keeps its line breaks (a usage message)
     */
    record Failure(int code, String message, boolean multiline) {
    }

    private Failures() {
    }

    /** @return the exit code and line of a failure */
    static Failure of(Throwable e) {
        if (e instanceof UsageException) {
            return new Failure(Cli.BAD_INPUT, messageOf(e), true);
        }
        if (e instanceof GateFailedException) {
            return new Failure(Cli.GATE_FAILED, messageOf(e), false);
        }
        if (e instanceof RunInterruptedException r) {
            return new Failure(r.exitCode(), messageOf(e), false);
        }
        List<Throwable> chain = chain(e);
        for (Throwable t : chain) {
            if (t instanceof BadInputException) {
                return new Failure(Cli.BAD_INPUT, messageOf(t), false);
            }
        }
        Throwable root = chain.get(chain.size() - 1);
        for (Throwable t : chain) {
            if (t instanceof SparkThrowable s && s.getCondition() != null && badInputCondition(s.getCondition())) {
                return new Failure(Cli.BAD_INPUT, sparkLine(t, s, root), false);
            }
            if (t instanceof AnalysisException) {
                return new Failure(Cli.BAD_INPUT, firstLine(t), false);
            }
        }
        if (root instanceof ChecksumException || FILE_FAULT.matcher(String.valueOf(root.getMessage())).find()) {
            return new Failure(Cli.BAD_INPUT, firstLine(root), false);
        }
        for (Throwable t : chain) {
            Matcher lost = LOST_TASK.matcher(firstLine(t));
            if (t.getCause() == null && lost.find()) {
                // a task's failure that reached the driver as text only (its exception was not serializable)
                String cls = lost.group(1);
                String text = lost.group(2) == null ? cls : lost.group(2);
                return new Failure(cls.equals(BadInputException.class.getName()) ? Cli.BAD_INPUT : Cli.FAILED, text, false);
            }
        }
        for (Throwable t : chain) {
            if (t instanceof FSError && t.getCause() != null) {
                // Hadoop's local file system reports a failed read or write (a full disk) as this Error
                return new Failure(Cli.FAILED, firstLine(t.getCause()), false);
            }
        }
        if (root instanceof OutOfMemoryError) {
            return new Failure(Cli.FAILED, "out of memory (" + messageOf(root) + "): give the driver or the executors more"
                    + " (--driver-memory, --executor-memory)", false);
        }
        return new Failure(Cli.FAILED, informative(chain), false);
    }

    /** @return the exception and its causes, each once, Spark's suppressed {@code awaitResult} wrappers looked through */
    private static List<Throwable> chain(Throwable e) {
        List<Throwable> out = new ArrayList<>();
        for (Throwable t = e; t != null && !out.contains(t); t = t.getCause()) {
            out.add(t);
        }
        return out;
    }

    private static boolean badInputCondition(String condition) {
        for (String c : BAD_INPUT_CONDITIONS) {
            if (condition.equals(c) || condition.startsWith(c + ".")) {
                return true;
            }
        }
        return false;
    }

    /** Spark SQL's error as one line: the file it names and the fault its cause gives, for a file it could not read. */
    private static String sparkLine(Throwable t, SparkThrowable s, Throwable root) {
        Map<String, String> parameters = s.getMessageParameters();
        String path = parameters == null ? null : parameters.get("path");
        if (s.getCondition().startsWith("FAILED_READ_FILE") && path != null) {
            return path + ": cannot read it as part of the table: " + unreadable(t, s, path, root);
        }
        if (s.getCondition().equals("PATH_NOT_FOUND") && path != null) {
            return path + ": no such file or directory";
        }
        return firstLine(t);
    }

    /**
     * @return why a file of a table could not be read: Spark's hint when it has one that says more
     *         than "check the format", else the fault its cause names
     */
    private static String unreadable(Throwable t, SparkThrowable s, String path, Throwable root) {
        if (root instanceof ChecksumException) {
            return "its content does not match its checksum file (." + path.substring(path.lastIndexOf('/') + 1)
                    + ".crc): damaged or changed after it was written";
        }
        if (s.getCondition().endsWith("DATA_TYPE_MISMATCH") || String.valueOf(root.getMessage()).startsWith("Invalid Spark read type")) {
            String hint = firstLine(t).replaceFirst("^.*?" + Pattern.quote(path) + "\\.\\s*", "");
            return (hint.isEmpty() ? "a column's type differs from the table's" : hint) + " (part files of conflicting schemas)";
        }
        return root == t ? firstLine(t) : firstLine(root).replace(path + " ", "").replace(path, "the file");
    }

    /** @return the first message in the chain that says more than the one it wraps */
    private static String informative(List<Throwable> chain) {
        for (Throwable t : chain) {
            String m = t.getMessage();
            Throwable cause = t.getCause();
            boolean wrapper = m == null || m.isBlank() || m.startsWith("Exception thrown in awaitResult")
                    || m.startsWith("Job aborted due to stage failure")
                    || (cause != null && m.equals(cause.toString()));
            if (!wrapper || cause == null) {
                return firstLine(t);
            }
        }
        return firstLine(chain.get(0));
    }

    private static String messageOf(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getName() : m;
    }

    /** @return a message's first line without Spark's {@code SQLSTATE} suffix; the class name when it has none */
    private static String firstLine(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            return t.getClass().getName();
        }
        String line = m.strip().lines().findFirst().orElse(m);
        return SQL_STATE.matcher(line).replaceFirst("").strip();
    }
}
