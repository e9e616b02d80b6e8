package scratchnet.jobs.io;

import java.io.IOException;
import java.util.function.Consumer;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import scratchnet.core.BadInputException;

/**
 * Writes a directory of files (a Spark SQL table, a saved MLlib model) so that it appears whole
 * or not at all: the writer fills a hidden sibling directory, which is renamed to the target
 * only once complete (one step on HDFS and local disks; on S3 a rename copies, and the hidden
 * directory is gone afterwards). A failure removes what was written and leaves the target as it
 * was, an earlier output too; an exit in the middle removes the hidden directory ({@link ExitCleanup}).
 * One writer at a time holds the target's lock ({@link OutputLock}, a hidden file beside it).
 */
public final class DirectoryOutput {

    private DirectoryOutput() {
    }

    /**
     * @param target    the directory to create or replace
     * @param overwrite whether an existing target may be replaced
     * @param conf      the Hadoop configuration
     * @param writer    writes the directory at the URI it is given, which does not exist yet
     * @return the qualified target
     * @throws BadInputException when the target exists without {@code overwrite}, or cannot be written
     */
    public static Path write(String target, boolean overwrite, Configuration conf, Consumer<String> writer) {
        Path path = HadoopFiles.qualify(target, conf);
        FileSystem fs = HadoopFiles.fileSystem(path, conf);
        Path tmp = new Path(path.getParent(), "." + path.getName() + "." + System.nanoTime() + ".tmp");
        Path lockFile = new Path(path.getParent(), "." + path.getName() + ".lock");
        try (OutputLock lock = OutputLock.acquire(lockFile, path.toString(), "a writer of " + path.getName(), conf, System.err);
             ExitCleanup.Registration staged = ExitCleanup.register(tmp, true, conf)) {
            if (!overwrite && fs.exists(path)) {
                throw new BadInputException(path + ": already exists (use --overwrite to replace it)");
            }
            writer.accept(tmp.toString());
            if (fs.exists(path) && !fs.delete(path, true)) {
                throw new BadInputException(path + ": cannot replace it");
            }
            if (!fs.rename(tmp, path)) {
                throw new BadInputException(path + ": cannot move " + tmp + " there");
            }
            return path;
        } catch (IOException e) {
            throw new BadInputException(path + ": cannot write: " + e.getMessage(), e);
        }
    }
}
