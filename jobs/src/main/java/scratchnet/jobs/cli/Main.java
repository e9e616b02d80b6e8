package scratchnet.jobs.cli;

import scratchnet.jobs.io.Interrupts;
import scratchnet.jobs.spark.SparkLogging;

/**
 * The application's entry point for {@code spark-submit}: handles SIGINT and SIGTERM, runs the
 * command line and ends with its code: the JVM's exit code where the driver is the submitting
 * process, the application's final status where a cluster manager runs the driver ({@link DriverExit}).
 */
public final class Main {

    private Main() {
    }

    /** @param args {@code COMMAND [options]} */
    public static void main(String[] args) {
        Interrupts.install(System.err, SparkLogging::silence);
        FailureLine err = new FailureLine(System.err);
        int code = Cli.standard().run(args, System.out, err);
        System.out.flush();
        err.flush();
        DriverExit.current().end(code, err.last());
    }
}
