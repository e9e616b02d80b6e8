package scratchnet.jobs.io;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSError;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import scratchnet.core.BadInputException;
import scratchnet.core.io.Printable;

/**
 * Writes a directory of files (a Spark SQL table, a saved MLlib model) so that it appears whole
 * or not at all, and replaces an earlier one so that one whole version is there at every instant.
 *
 * <p>The writer fills a hidden sibling directory ({@code .NAME.<n>.tmp}), into which a marker file
 * {@value #MARKER} naming the output's kind is written last. Replacing then takes three renames'
 * worth of steps: the earlier directory is renamed aside ({@code .NAME.<n>.old}), the new one
 * renamed to the target, and the aside copy removed. The two renames are one section that an exit
 * on a signal waits for ({@link ExitCleanup.Section}); a run killed outright between them leaves the
 * whole earlier version aside, and the next writer of the target restores it (or removes it, when
 * the target is there), and removes any temporary directory a killed writer left. A failure, or
 * an exit before the renames, removes what was written and leaves the target as it was: the
 * whole write is an {@link ExitCleanup.Writer}, so an exit stops the writing thread before it
 * removes the staged directory, and nothing is written there after.
 *
 * <p>Only an output of the same kind is replaced: a directory without the marker, or with another
 * kind's, is refused, so that {@code --overwrite} never deletes what is not ours. On HDFS and local
 * disks a rename is one step; on S3 it copies every object, so there a reader may see the target
 * partly copied, while the whole earlier version stays aside until the new one is in place. One
 * writer at a time holds the target's lock ({@link OutputLock}, a hidden file beside it).
 */
public final class DirectoryOutput {
    /** The marker file in every output directory of ours: its content is the output's kind. */
    public static final String MARKER = "_SCRATCHNET";
    /** The largest marker read: a kind is a few words. */
    private static final int MARKER_MAX_BYTES = 1024;

    private DirectoryOutput() {
    }

    /**
     * @param target    the directory to create or replace
     * @param kind      what it holds, in words ({@code predict table}); the marker's content
     * @param overwrite whether an existing target may be replaced (only by an output of the same kind)
     * @param conf      the Hadoop configuration
     * @param writer    writes the directory at the URI it is given, which does not exist yet
     * @return the qualified target
     * @throws BadInputException when the target exists without {@code overwrite}, is not an output
     *                           of this kind, or cannot be written
     */
    public static Path write(String target, String kind, boolean overwrite, Configuration conf, Consumer<String> writer) {
        Path path = HadoopFiles.requireOutput(target, conf);
        FileSystem fs = HadoopFiles.fileSystem(path, conf);
        long n = System.nanoTime();
        Path tmp = sibling(path, n, "tmp");
        Path lockFile = new Path(path.getParent(), "." + path.getName() + ".lock");
        try (ExitCleanup.Writer writing = ExitCleanup.writer();
             OutputLock lock = OutputLock.acquire(lockFile, path.toString(), "a writer of " + path.getName(), conf, System.err);
             ExitCleanup.Registration staged = ExitCleanup.register(tmp, true, conf)) {
            recover(path, conf, System.err);
            if (fs.exists(path)) {
                if (!overwrite) {
                    throw new BadInputException(path + ": already exists (use --overwrite to replace it)");
                }
                requireKind(path, kind, conf);
            }
            writer.accept(tmp.toString());
            fs.setWriteChecksum(false); // no .crc beside the marker: readers are not Hadoop
            try (OutputStream marker = fs.create(new Path(tmp, MARKER), false)) {
                marker.write(kind.getBytes(StandardCharsets.UTF_8));
            }
            replace(fs, tmp, path, sibling(path, n, "old"), conf);
            return path;
        } catch (IOException e) {
            throw new BadInputException(path + ": cannot write: " + e.getMessage(), e);
        } catch (FSError e) {
            throw new BadInputException(path + ": cannot write: " + e.getCause().getMessage(), e);
        }
    }

    /**
     * The renames, one section for an exit: the earlier version aside, the new one in; then the
     * aside copy removed (at exit too: restored instead, were the target missing).
     */
    private static void replace(FileSystem fs, Path tmp, Path path, Path aside, Configuration conf) throws IOException {
        try (ExitCleanup.Registration earlier = ExitCleanup.registerAside(aside, path, conf)) {
            try (ExitCleanup.Section renames = ExitCleanup.section()) {
                boolean replacing = fs.exists(path);
                if (replacing && !fs.rename(path, aside)) {
                    throw new BadInputException(path + ": cannot move the earlier version aside to " + aside);
                }
                if (!fs.rename(tmp, path)) {
                    throw new BadInputException(path + ": cannot move " + tmp + " there");
                }
            }
        }
    }

    /**
     * Finishes what a writer killed outright left beside a target: an earlier version moved aside
     * is restored when the target is missing, else removed; unfinished new versions are removed.
     * Call it holding the target's lock.
     *
     * @param notes where a restored version is reported
     */
    static void recover(Path path, Configuration conf, PrintStream notes) throws IOException {
        FileSystem fs = HadoopFiles.fileSystem(path, conf);
        Pattern leftover = Pattern.compile("\\." + Pattern.quote(path.getName()) + "\\.-?[0-9]+\\.(tmp|old)");
        FileStatus[] siblings;
        try {
            siblings = fs.listStatus(path.getParent(), p -> leftover.matcher(p.getName()).matches());
        } catch (FileNotFoundException e) {
            return;
        }
        for (FileStatus s : siblings) {
            if (s.getPath().getName().endsWith(".old") && !fs.exists(path) && fs.rename(s.getPath(), path)) {
                notes.println(Printable.escaped("scratchnet: note: " + path + ": restored the earlier version from " + s.getPath()
                        + ", where a replacement that did not finish had left it", ""));
            } else {
                fs.delete(s.getPath(), true);
            }
        }
    }

    /** @throws BadInputException unless {@code path} is an output of ours of this kind */
    private static void requireKind(Path path, String kind, Configuration conf) throws IOException {
        FileSystem fs = HadoopFiles.fileSystem(path, conf);
        if (!fs.getFileStatus(path).isDirectory()) {
            throw new BadInputException(path + ": is a file, not a " + kind + ": not replaced");
        }
        Path marker = new Path(path, MARKER);
        String found = null;
        if (HadoopFiles.isFile(marker, conf) && HadoopFiles.length(marker, conf) <= MARKER_MAX_BYTES) {
            found = new String(HadoopFiles.readAll(marker.toString(), conf), StandardCharsets.UTF_8);
        }
        if (!kind.equals(found)) {
            throw new BadInputException(path + ": not replaced: it is not a " + kind + " written by scratchnet ("
                    + (found == null ? "it has no " + MARKER + " file" : "its " + MARKER + " says '" + Printable.of(found) + "'")
                    + "); remove it yourself, or choose another output");
        }
    }

    private static Path sibling(Path path, long n, String suffix) {
        return new Path(path.getParent(), "." + path.getName() + "." + n + "." + suffix);
    }
}
