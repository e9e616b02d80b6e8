package scratchnet.jobs.io;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Paths;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import scratchnet.core.BadInputException;
import scratchnet.core.InputFile;

/**
 * Small helpers over the Hadoop FileSystem API, so that every path the product reads or writes may
 * be {@code file://}, {@code hdfs://}, {@code s3a://} or a plain local path.
 */
public final class HadoopFiles {
    /** Files larger than this are not read whole into the driver (weights are ~0.2 MB). */
    private static final long MAX_WHOLE_FILE = 512L << 20;

    private HadoopFiles() {
    }

    /** @return the path, qualified against its file system (a bare path means the local one) */
    public static Path qualify(String uriOrPath, Configuration conf) {
        try {
            Path p = new Path(uriOrPath);
            URI uri = p.toUri();
            FileSystem fs = uri.getScheme() == null ? FileSystem.getLocal(conf) : fileSystem(p, conf);
            return fs.makeQualified(p);
        } catch (IOException | IllegalArgumentException e) {
            throw new BadInputException(uriOrPath + ": cannot resolve: " + e.getMessage(), e);
        }
    }

    /** @return the file system holding a qualified path */
    public static FileSystem fileSystem(Path path, Configuration conf) {
        try {
            return path.getFileSystem(conf);
        } catch (IOException e) {
            throw new BadInputException(path + ": no file system for it: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // Hadoop names the file system class of a scheme even when its jar is not on the classpath
            if (e.getCause() instanceof ClassNotFoundException) {
                throw new BadInputException(path + ": " + e.getMessage() + missingJar(path.toUri().getScheme()), e);
            }
            throw e;
        }
    }

    /** @return what to add for a scheme whose file system is missing */
    private static String missingJar(String scheme) {
        return "s3a".equals(scheme)
                ? " (s3a:// needs org.apache.hadoop:hadoop-aws:" + org.apache.hadoop.util.VersionInfo.getVersion()
                        + ", e.g. spark-submit --packages org.apache.hadoop:hadoop-aws:" + org.apache.hadoop.util.VersionInfo.getVersion() + ")"
                : " (add the jar of the " + scheme + ":// file system to the classpath)";
    }

    /** @return whether a file (not a directory) exists there */
    public static boolean isFile(Path path, Configuration conf) {
        try {
            return fileSystem(path, conf).getFileStatus(path).isFile();
        } catch (FileNotFoundException e) {
            return false;
        } catch (IOException e) {
            throw new BadInputException(path + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** @return whether anything (a file or a directory) exists there */
    public static boolean exists(Path path, Configuration conf) {
        try {
            return fileSystem(path, conf).exists(path);
        } catch (IOException e) {
            throw new BadInputException(path + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * The one check before an input is read: it is a file ("no such file" only when nothing is
     * there), and on the local file system a regular one, so that a FIFO or device is never read.
     *
     * @return the file's length in bytes
     */
    public static long requireFile(Path path, Configuration conf) {
        if ("file".equals(path.toUri().getScheme())) {
            return InputFile.requireRegular(Paths.get(path.toUri()));
        }
        FileStatus status;
        try {
            status = fileSystem(path, conf).getFileStatus(path);
        } catch (FileNotFoundException e) {
            throw new BadInputException(path + ": no such file", e);
        } catch (IOException e) {
            throw new BadInputException(path + ": cannot read: " + e.getMessage(), e);
        }
        if (status.isDirectory()) {
            throw new BadInputException(path + ": is a directory, not a file");
        }
        return status.getLen();
    }

    /** @return the file's length in bytes, once {@link #requireFile} has checked it */
    public static long length(Path path, Configuration conf) {
        return requireFile(path, conf);
    }

    /** @return an open stream on a checked file ({@link #requireFile}); the caller closes it */
    public static FSDataInputStream open(Path path, Configuration conf) {
        requireFile(path, conf);
        try {
            return fileSystem(path, conf).open(path);
        } catch (FileNotFoundException e) {
            throw new BadInputException(path + ": no such file", e);
        } catch (IOException e) {
            throw new BadInputException(path + ": cannot open: " + e.getMessage(), e);
        }
    }

    /** @return the whole content of a small file */
    public static byte[] readAll(String uriOrPath, Configuration conf) {
        Path path = qualify(uriOrPath, conf);
        long length = length(path, conf);
        if (length > MAX_WHOLE_FILE) {
            throw new BadInputException(path + ": " + length + " bytes is too large for this file");
        }
        try (InputStream in = open(path, conf)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new BadInputException(path + ": cannot read: " + e.getMessage(), e);
        }
    }
}
