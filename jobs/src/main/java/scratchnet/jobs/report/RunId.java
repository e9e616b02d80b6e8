package scratchnet.jobs.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * The id of a scheduled evaluation run, which names its files in the report ({@code runs/<id>.json}):
 * 1–128 letters, digits, {@code .}, {@code _} or {@code -}, starting with a letter or digit and
 * holding no {@code ..}, so that an id can never leave the report's {@code runs/} folder nor
 * hide among temporary files. By default the run's start in UTC, e.g. {@code 20261127T010203.456Z}.
 */
public final class RunId {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final DateTimeFormatter DEFAULT = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private RunId() {
    }

    /**
     * @param id a run id from the command line
     * @return the id
     * @throws InvalidRunIdException when it is not a valid run id
     */
    public static String check(String id) {
        if (!VALID.matcher(id).matches() || id.contains("..")) {
            throw new InvalidRunIdException("--run-id '" + id + "' must be 1-128 letters, digits, '.', '_' or '-', start with a letter or digit, and hold no '..'");
        }
        return id;
    }

    /** @return the default id of a run started at {@code start} */
    public static String at(Instant start) {
        return DEFAULT.format(start);
    }
}
