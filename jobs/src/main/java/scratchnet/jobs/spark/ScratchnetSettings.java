package scratchnet.jobs.spark;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;

import org.apache.commons.text.similarity.LevenshteinDistance;
import org.apache.spark.SparkConf;

import scratchnet.core.BadInputException;

/**
 * The project's own Spark settings ({@code --conf spark.scratchnet.…}), declared once: each a
 * duration as Spark reads one ({@code 20s}, {@code 2m}, {@code 500ms}), but for the exchange's
 * ports, a port or a range, and {@link #TRAIN_SHARED_MEMORY}, a switch. {@link #check} refuses a
 * malformed value or an unknown name (with the closest known one) before any command starts work.
 */
public enum ScratchnetSettings {
    /** How long the context may take to start, registration with the master included. */
    START_TIMEOUT("spark.scratchnet.startTimeout", "20s"),
    /** How long a cluster may take to give the application its first executor. */
    EXECUTOR_WAIT("spark.scratchnet.executorWait", "30s"),
    /** The longest a training task waits for the others or the driver before its round fails. */
    TRAIN_EXCHANGE_TIMEOUT("spark.scratchnet.train.exchangeTimeout", "60s"),
    /** How long a connection to a round's hub or task has to authenticate before it is dropped. */
    TRAIN_HANDSHAKE_TIMEOUT("spark.scratchnet.train.handshakeTimeout", "3s"),
    /** The ports a round's hub and tasks listen on ({@link #portRange}); empty: any the system gives. */
    TRAIN_EXCHANGE_PORTS("spark.scratchnet.train.exchangePorts", ""),
    /** How long {@code train} waits for executors to register before it runs one job per step. */
    TRAIN_SLOTS_WAIT("spark.scratchnet.train.slotsWait", "10s"),
    /**
     * Whether the tasks of a round that all run in one JVM (local mode, an executor with a core per
     * task) add their sums in shared memory rather than over sockets: {@code true} or {@code false}.
     */
    TRAIN_SHARED_MEMORY("spark.scratchnet.train.sharedMemory", "true");

    /** The prefix of every setting of the project. */
    public static final String PREFIX = "spark.scratchnet.";
    /** The longest any of them may be: a day (a longer wait is a typo, or a hang). */
    private static final long MAX_SECONDS = 86_400;

    private final String key;
    private final String defaultValue;

    ScratchnetSettings(String key, String defaultValue) {
        this.key = key;
        this.defaultValue = defaultValue;
    }

    /** @return the setting's name, {@code spark.scratchnet.…} */
    public String key() {
        return key;
    }

    /** @return its default, as Spark reads a duration (some masters wait longer: {@link SparkJobs}) */
    public String defaultValue() {
        return defaultValue;
    }

    /** @return its value in seconds, from the configuration or the default */
    public long seconds(SparkConf conf) {
        return conf.getTimeAsSeconds(key, defaultValue);
    }

    /** @return its value in milliseconds, from the configuration or the default */
    public long millis(SparkConf conf) {
        return conf.getTimeAsMs(key, defaultValue);
    }

    /** @return a switch's value ({@code true} or {@code false}), from the configuration or the default */
    public boolean on(SparkConf conf) {
        return conf.getBoolean(key, Boolean.parseBoolean(defaultValue));
    }

    /**
     * Reads {@link #TRAIN_EXCHANGE_PORTS}' form.
     *
     * @param text {@code null} or blank (any port), {@code N} or {@code A-B}
     * @return the first and last port, {@code {0, 0}} for any
     * @throws BadInputException naming the setting, for anything else
     */
    public static int[] portRange(String text) {
        if (text == null || text.isBlank()) {
            return new int[] {0, 0};
        }
        String[] ends = text.strip().split("-", -1);
        try {
            int a = Integer.parseInt(ends[0].strip());
            int b = ends.length == 2 ? Integer.parseInt(ends[1].strip()) : a;
            if (ends.length <= 2 && 1 <= a && a <= b && b <= 65535) {
                return new int[] {a, b};
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new BadInputException(TRAIN_EXCHANGE_PORTS.key + " must be a port or a range of ports such as 40000-40100, not '" + text + "'");
    }

    /**
     * Checks every {@code spark.scratchnet.*} setting given (spark-submit passes {@code --conf} and
     * {@code spark-defaults.conf} to the driver as system properties).
     *
     * @throws BadInputException naming the first setting that is unknown or not a duration
     */
    public static void check(Properties given) {
        for (Map.Entry<Object, Object> e : given.entrySet()) {
            String name = String.valueOf(e.getKey());
            if (!name.startsWith(PREFIX)) {
                continue;
            }
            ScratchnetSettings setting = Arrays.stream(values()).filter(s -> s.key.equals(name)).findFirst()
                    .orElseThrow(() -> new BadInputException("--conf " + name + ": no such setting (did you mean " + closest(name) + "?)"));
            String value = String.valueOf(e.getValue()).trim();
            if (setting == TRAIN_EXCHANGE_PORTS) {
                portRange(value);
                continue;
            }
            if (setting == TRAIN_SHARED_MEMORY) {
                if (!value.equals("true") && !value.equals("false")) {
                    throw new BadInputException("--conf " + name + "=" + value + ": must be true or false");
                }
                continue;
            }
            long ms;
            try {
                ms = new SparkConf(false).set(name, value).getTimeAsMs(name);
            } catch (NumberFormatException ex) {
                throw new BadInputException("--conf " + name + "=" + value + ": not a duration (e.g. " + setting.defaultValue + ", 2m, 500ms)", ex);
            }
            if (ms < 0 || ms > MAX_SECONDS * 1000) {
                throw new BadInputException("--conf " + name + "=" + value + ": must be between 0s and " + MAX_SECONDS / 3600 + "h");
            }
        }
    }

    private static String closest(String name) {
        LevenshteinDistance edits = LevenshteinDistance.getDefaultInstance();
        return Arrays.stream(values()).map(ScratchnetSettings::key).min(Comparator.comparingInt(k -> edits.apply(k, name))).orElseThrow();
    }
}
