package scratchnet.jobs.cli;

/** The application's entry point for {@code spark-submit}: runs the command line and exits with its code. */
public final class Main {

    private Main() {
    }

    /** @param args {@code COMMAND [options]} */
    public static void main(String[] args) {
        int code = Cli.standard().run(args, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }
}
