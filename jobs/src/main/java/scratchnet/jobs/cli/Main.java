package scratchnet.jobs.cli;

import scratchnet.jobs.io.Interrupts;
import scratchnet.jobs.spark.SparkLogging;

/** The application's entry point for {@code spark-submit}: handles SIGINT and SIGTERM, runs the command line and exits with its code. */
public final class Main {

    private Main() {
    }

    /** @param args {@code COMMAND [options]} */
    public static void main(String[] args) {
        Interrupts.install(System.err, SparkLogging::silence);
        int code = Cli.standard().run(args, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }
}
