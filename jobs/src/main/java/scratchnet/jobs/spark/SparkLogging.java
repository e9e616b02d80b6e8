package scratchnet.jobs.spark;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;

/** Adjusts Spark's logging at run time, beyond what {@code conf/log4j2.properties} sets. */
public final class SparkLogging {

    private SparkLogging() {
    }

    /**
     * Brings back the per-task failure reports (with their stack traces) that the quiet
     * configuration turns off; for {@code --verbose}.
     */
    public static void showTaskFailures() {
        Configurator.setLevel("org.apache.spark.executor.Executor", Level.WARN);
        Configurator.setLevel("org.apache.spark.scheduler.TaskSetManager", Level.WARN);
        Configurator.setLevel("org.apache.spark.sql.execution.datasources.FileFormatWriter", Level.WARN);
    }

    /**
     * Turns every log off: for a process exiting on a signal, whose Spark context, stopped under
     * running work, would otherwise log the failures that stopping it causes.
     */
    public static void silence() {
        Configurator.setAllLevels(LogManager.ROOT_LOGGER_NAME, Level.OFF);
    }
}
