package scratchnet.jobs.io;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Optional;

import sun.misc.Signal;

/**
 * SIGINT and SIGTERM, as a batch run should meet them. Outside a {@link #graceful} scope the
 * process exits at once with 130 or 143 (the shell's 128 + the signal's number), and
 * {@link ExitCleanup} removes every unfinished output on the way out. Inside one (a training
 * loop), the first signal is only recorded: the loop sees it in {@link #take}, keeps what it
 * has (a checkpoint) and ends with a {@link RunInterruptedException}. A second signal, a loop
 * that has not ended within {@link #GRACE_SECONDS}, or a scope that closes without having taken
 * its signal, exits at once.
 */
public final class Interrupts {
    /** How long a graceful scope has to end after the first signal. */
    public static final int GRACE_SECONDS = 30;

    private static final Object LOCK = new Object();
    private static int gracefulScopes;
    private static String pending;
    private static boolean taken;
    private static volatile boolean exiting;
    private static PrintStream err = System.err;
    private static Runnable beforeExit = () -> { };

    private Interrupts() {
    }

    /** A part of the run that ends by itself on a signal; close it when that part is over. */
    public static final class Graceful implements AutoCloseable {
        private Graceful() {
        }

        @Override
        public void close() {
            String untaken;
            synchronized (LOCK) {
                gracefulScopes--;
                untaken = gracefulScopes == 0 && pending != null && !taken ? pending : null;
            }
            if (untaken != null) {
                exit(untaken, "unfinished outputs are removed");
            }
        }
    }

    /**
     * Handles SIGINT and SIGTERM in this process from now on: what {@code Main} does first.
     *
     * @param messages where the exit's one line goes
     * @param quiet    run before the exit: silences what would echo it (Spark's logs)
     */
    public static void install(PrintStream messages, Runnable quiet) {
        err = messages;
        beforeExit = quiet;
        for (String name : new String[] {"INT", "TERM"}) {
            Signal.handle(new Signal(name), Interrupts::received);
        }
    }

    /** @return a scope in which the first signal is recorded instead of ending the process */
    public static Graceful graceful() {
        synchronized (LOCK) {
            gracefulScopes++;
            return new Graceful();
        }
    }

    /**
     * Takes the signal received in a graceful scope: its taker ends the run. A further signal exits at once.
     *
     * @return {@code SIGINT} or {@code SIGTERM}, if one came
     */
    public static Optional<String> take() {
        synchronized (LOCK) {
            taken |= pending != null;
            return Optional.ofNullable(pending);
        }
    }

    /** @return whether a signal received in a graceful scope waits to be taken ({@link #take}), without taking it */
    public static boolean pending() {
        synchronized (LOCK) {
            return pending != null;
        }
    }

    /** @return whether the process is exiting on a signal: failures that follow are its echoes, not news */
    public static boolean exiting() {
        return exiting;
    }

    /** @return the exit code for a signal name: 128 + its number, as the shell reports it */
    public static int exitCode(String signal) {
        return 128 + new Signal(signal.substring("SIG".length())).getNumber();
    }

    private static void received(Signal signal) {
        String name = "SIG" + signal.getName();
        synchronized (LOCK) {
            if (gracefulScopes > 0 && pending == null) {
                pending = name;
                Thread watchdog = new Thread(() -> exitAfterGrace(name), "scratchnet-interrupt-grace");
                watchdog.setDaemon(true);
                watchdog.start();
                return;
            }
        }
        exit(name, "unfinished outputs are removed");
    }

    private static void exitAfterGrace(String name) {
        try {
            Thread.sleep(GRACE_SECONDS * 1000L);
        } catch (InterruptedException e) {
            return;
        }
        exit(name, "the run did not stop within " + GRACE_SECONDS + " s; unfinished outputs are removed");
    }

    private static void exit(String name, String what) {
        exiting = true;
        beforeExit.run();
        err.println(String.format(Locale.ROOT, "scratchnet: interrupted by %s; %s", name, what));
        err.flush();
        // what threads stopped under running work print on their way out (stack traces) is the exit's echo
        System.setErr(new PrintStream(OutputStream.nullOutputStream()));
        System.exit(exitCode(name));
    }
}
