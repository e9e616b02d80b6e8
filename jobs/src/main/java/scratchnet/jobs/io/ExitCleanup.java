package scratchnet.jobs.io;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.ShutdownHookManager;

/**
 * What must not outlive the process: temporary files, staged outputs that were never promoted,
 * the pictures of a report run whose JSON was never written, and lock files. Each is registered
 * here while it exists; when the JVM exits for any reason but a kill (an error, {@code System.exit},
 * SIGINT, SIGTERM), a shutdown hook removes what is still registered.
 *
 * <p>A short write in progress is a {@link Section}: once the exit has begun no section opens,
 * and the exit waits for the open ones (a few seconds at most), so no file is created after the
 * cleanup has looked for it. The exit has two steps: before Spark stops its context, no new
 * output starts and open sections end; after Spark has stopped it (and with it any task still
 * writing into a staged directory), but before Hadoop closes its file systems, what is still
 * registered is removed, on HDFS or S3 as on a local disk.
 *
 * <p>A thread that writes into what it registered (a staged output directory) does so inside a
 * {@link Writer}: the second step first interrupts such threads and waits for them to leave
 * (a few seconds at most), so that none of them writes into a directory after the cleanup has
 * removed it (a writer that creates its directories, as Hadoop's {@code create} does, would
 * create it again and leave it behind when the JVM halts).
 */
public final class ExitCleanup {
    /** Hadoop runs higher priorities first; Spark's hooks (its context's stop) run at {@code FileSystem.SHUTDOWN_HOOK_PRIORITY + 30}. */
    private static final int BEFORE_SPARK = FileSystem.SHUTDOWN_HOOK_PRIORITY + 40;
    private static final int AFTER_SPARK = FileSystem.SHUTDOWN_HOOK_PRIORITY + 20;
    private static final long SECTION_WAIT_MILLIS = 10_000;
    private static final long WRITER_WAIT_MILLIS = 10_000;

    private static final Object LOCK = new Object();
    private static final Set<Registration> REGISTERED = new LinkedHashSet<>();
    private static final Set<Writer> WRITERS = new LinkedHashSet<>();
    private static int openSections;
    private static boolean exiting;
    private static boolean hooked;

    private ExitCleanup() {
    }

    /** A path removed at exit unless {@link #release() released} first. */
    public static final class Registration implements AutoCloseable {
        private final Path path;
        private final boolean recursive;
        private final Configuration conf;
        /** For an earlier version moved aside: where it goes back when nothing replaced it. */
        private final Path restoreTo;

        private Registration(Path path, boolean recursive, Configuration conf, Path restoreTo) {
            this.path = path;
            this.recursive = recursive;
            this.conf = conf;
            this.restoreTo = restoreTo;
        }

        /** Keeps the path past the exit: it has become a finished output, or is gone already. */
        public void release() {
            synchronized (LOCK) {
                REGISTERED.remove(this);
            }
        }

        /** Removes the path now, then forgets it (so that an exit meanwhile removes it too). */
        @Override
        public void close() {
            delete();
            release();
        }

        private void delete() {
            // a writer stopped by the exit is interrupted: its own cleanup must still reach HDFS
            boolean interrupted = Thread.interrupted();
            try {
                FileSystem fs = HadoopFiles.fileSystem(path, conf);
                if (restoreTo != null && !fs.exists(restoreTo) && fs.rename(path, restoreTo)) {
                    return;
                }
                fs.delete(path, recursive);
            } catch (IOException | RuntimeException e) {
                // nothing more can be done at this point; the path is hidden or named in the run's messages
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** A thread writing into what it registered, which the exit stops and waits for: see {@link #writer()}. */
    public static final class Writer implements AutoCloseable {
        private final Thread thread = Thread.currentThread();

        private Writer() {
        }

        /** Ends the write: call it once what was registered for it is removed or released. */
        @Override
        public void close() {
            synchronized (LOCK) {
                if (WRITERS.remove(this)) {
                    LOCK.notifyAll();
                }
            }
        }
    }

    /** A write that the exit waits for: open one around creating a file and publishing it. */
    public static final class Section implements AutoCloseable {
        private boolean open = true;

        private Section() {
        }

        @Override
        public void close() {
            synchronized (LOCK) {
                if (open) {
                    open = false;
                    openSections--;
                    LOCK.notifyAll();
                }
            }
        }
    }

    /**
     * Registers a path to remove at exit.
     *
     * @param recursive whether it is a directory to remove with its contents
     * @throws IllegalStateException when the process is already exiting
     */
    public static Registration register(Path path, boolean recursive, Configuration conf) {
        return add(new Registration(path, recursive, conf, null));
    }

    /**
     * Registers an earlier version of an output, moved aside while a new one replaces it: at exit
     * (or {@link Registration#close()}) it is removed when the target is there, else renamed back
     * to the target, so that a replacement cut short never loses both.
     *
     * @param aside  the directory the earlier version is (or will be) moved to
     * @param target the output it was, and goes back to when nothing replaced it
     * @throws IllegalStateException when the process is already exiting
     */
    public static Registration registerAside(Path aside, Path target, Configuration conf) {
        return add(new Registration(aside, true, conf, target));
    }

    private static Registration add(Registration r) {
        synchronized (LOCK) {
            checkNotExiting();
            hook();
            REGISTERED.add(r);
        }
        return r;
    }

    /**
     * Opens a write that the exit waits for.
     *
     * @throws IllegalStateException when the process is already exiting
     */
    public static Section section() {
        synchronized (LOCK) {
            checkNotExiting();
            hook();
            openSections++;
            return new Section();
        }
    }

    /**
     * Opens a write into registered paths by this thread, which an exit interrupts and waits for
     * before it removes them: open it before registering them, close it after closing them.
     *
     * @throws IllegalStateException when the process is already exiting
     */
    public static Writer writer() {
        synchronized (LOCK) {
            checkNotExiting();
            hook();
            Writer w = new Writer();
            WRITERS.add(w);
            return w;
        }
    }

    private static void checkNotExiting() {
        if (exiting) {
            throw new IllegalStateException("the process is exiting: no new output is started");
        }
    }

    private static void hook() {
        if (!hooked) {
            ShutdownHookManager.get().addShutdownHook(ExitCleanup::beginExit, BEFORE_SPARK);
            ShutdownHookManager.get().addShutdownHook(ExitCleanup::removeLeftovers, AFTER_SPARK);
            hooked = true;
        }
    }

    /** The exit's first step: no new output starts, and the open sections end (or their time is up). */
    private static void beginExit() {
        synchronized (LOCK) {
            exiting = true;
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SECTION_WAIT_MILLIS);
            long wait;
            while (openSections > 0 && (wait = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) > 0) {
                try {
                    LOCK.wait(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** The exit's second step: stops the writers (or their time is up), then removes what is still registered. */
    private static void removeLeftovers() {
        Registration[] left;
        synchronized (LOCK) {
            for (Writer w : WRITERS) {
                w.thread.interrupt();
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WRITER_WAIT_MILLIS);
            long wait;
            while (!WRITERS.isEmpty() && (wait = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) > 0) {
                try {
                    LOCK.wait(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            left = REGISTERED.toArray(new Registration[0]);
            REGISTERED.clear();
        }
        for (Registration r : left) {
            r.delete();
        }
    }
}
