package scratchnet.jobs.io;

import java.io.IOException;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CommonPathCapabilities;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FSError;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

import scratchnet.core.BadInputException;
import scratchnet.core.io.ContentWriter;


/**
 * Writes a file atomically on any Hadoop file system: the content goes to a hidden temporary file
 * beside the target, which is renamed over the target only once it is complete (in one step where
 * the file system has one: HDFS, local disks). An object store (S3) has no rename, but its output
 * streams can be aborted: an object appears whole when its stream closes, or not at all, so there
 * the content goes straight to the target and a failure aborts it. A failure leaves the target as
 * it was and no temporary file, and so does an exit in the middle ({@link ExitCleanup}).
 */
public final class HadoopOutput {

    private HadoopOutput() {
    }

    /**
     * @param target    the file to create or replace
     * @param overwrite whether an existing target may be replaced
     * @param conf      the Hadoop configuration
     * @param writer    produces the content
     * @return the qualified target path
     * @throws BadInputException when the target exists and {@code overwrite} is false, or cannot be written
     */
    public static Path writeAtomically(String target, boolean overwrite, Configuration conf, ContentWriter writer) {
        Path path = HadoopFiles.requireOutput(target, conf);
        FileSystem fs = HadoopFiles.fileSystem(path, conf);
        // No .crc side files beside outputs on the local file system: readers are not Hadoop.
        fs.setWriteChecksum(false);
        Path tmp = new Path(path.getParent(), "." + path.getName() + "." + System.nanoTime() + ".tmp");
        try (ExitCleanup.Section writing = ExitCleanup.section(); ExitCleanup.Registration temporary = ExitCleanup.register(tmp, false, conf)) {
            if (!overwrite && fs.exists(path)) {
                throw new BadInputException(path + ": already exists (use --overwrite to replace it)");
            }
            if (fs.hasPathCapability(path, CommonPathCapabilities.ABORTABLE_STREAM)) {
                return writeObject(fs, path, writer);
            }
            if (path.getParent() != null) {
                fs.mkdirs(path.getParent());
            }
            try (FSDataOutputStream out = fs.create(tmp, false)) {
                writer.write(out);
            }
            // one step on HDFS and on local disks: a reader sees the old file or the new one, never none
            FileContext.getFileContext(path.toUri(), conf).rename(tmp, path, Options.Rename.OVERWRITE);
            return path;
        } catch (IOException e) {
            throw new BadInputException(path + ": cannot write: " + e.getMessage(), e);
        } catch (FSError e) {
            // Hadoop's local file system reports a failed write (a full disk) as this Error
            throw new BadInputException(path + ": cannot write: " + e.getCause().getMessage(), e);
        }
    }

    /** One object, published by the close of its stream; a failed write is aborted, so nothing appears. */
    private static Path writeObject(FileSystem fs, Path path, ContentWriter writer) throws IOException {
        FSDataOutputStream out = fs.create(path, true);
        try {
            writer.write(out);
        } catch (IOException | RuntimeException e) {
            out.abort();
            throw e;
        }
        out.close();
        return path;
    }
}
