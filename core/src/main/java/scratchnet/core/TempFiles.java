package scratchnet.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Local temporary files and directories that must not outlive the process (a download being
 * verified, an unpacked archive): each is registered here while it exists, and a shutdown hook
 * removes what is still registered when the JVM exits for any reason but a kill (an error,
 * {@code System.exit}, SIGINT, SIGTERM). Once the exit has begun no new one is registered, so none
 * is created after the hook has looked. (The jobs' Hadoop outputs have their own, ordered around
 * Spark's hooks: {@code scratchnet.jobs.io.ExitCleanup}.)
 */
public final class TempFiles {
    private static final Set<Path> REGISTERED = new LinkedHashSet<>();
    private static boolean exiting;
    private static boolean hooked;

    private TempFiles() {
    }

    /** A registered temporary path: {@link #close()} removes it now, and the exit no longer looks for it. */
    public static final class Registration implements AutoCloseable {
        private final Path path;

        private Registration(Path path) {
            this.path = path;
        }

        /** @return the registered path */
        public Path path() {
            return path;
        }

        /** Removes the path (a directory with its contents) and forgets it. */
        @Override
        public void close() throws IOException {
            synchronized (TempFiles.class) {
                REGISTERED.remove(path);
            }
            delete(path);
        }
    }

    /**
     * Registers a path to remove at exit.
     *
     * @throws IOException when the process is already exiting (nothing new is created then)
     */
    public static Registration register(Path path) throws IOException {
        synchronized (TempFiles.class) {
            if (exiting) {
                throw new IOException(path + ": not created: the process is exiting");
            }
            if (!hooked) {
                Runtime.getRuntime().addShutdownHook(new Thread(TempFiles::removeAll, "scratchnet-temp-files"));
                hooked = true;
            }
            REGISTERED.add(path);
        }
        return new Registration(path);
    }

    private static void removeAll() {
        Path[] left;
        synchronized (TempFiles.class) {
            exiting = true;
            left = REGISTERED.toArray(new Path[0]);
            REGISTERED.clear();
        }
        for (Path p : left) {
            try {
                delete(p);
            } catch (IOException | RuntimeException e) {
                // nothing more can be done on the way out; the name is hidden
            }
        }
    }

    private static void delete(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
