package scratchnet.jobs.io;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;

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
        Path p = parse(uriOrPath);
        try {
            URI uri = p.toUri();
            FileSystem fs = uri.getScheme() == null ? FileSystem.getLocal(conf) : fileSystem(p, conf);
            return fs.makeQualified(p);
        } catch (IOException | IllegalArgumentException e) {
            throw new BadInputException(uriOrPath + ": cannot resolve: " + e.getMessage(), e);
        }
    }

    /**
     * @return a path or URI as Hadoop reads it, without touching any file system
     * @throws BadInputException when it is none, named with the reason in words (Hadoop's is a
     *                           {@code URISyntaxException})
     */
    public static Path parse(String uriOrPath) {
        if (uriOrPath == null || uriOrPath.isBlank()) {
            throw new BadInputException("'" + (uriOrPath == null ? "" : uriOrPath) + "': an empty path");
        }
        try {
            return new Path(uriOrPath);
        } catch (IllegalArgumentException e) {
            if (e.getCause() instanceof URISyntaxException u && u.getReason().startsWith("Relative path in absolute URI")) {
                throw new BadInputException(uriOrPath + ": not a path or URI: the ':' makes '" + uriOrPath.substring(0, uriOrPath.indexOf(':'))
                        + "' read as a URI scheme (write ./" + uriOrPath + " or an absolute path)", e);
            }
            String why = e.getCause() instanceof URISyntaxException u ? u.getReason() + " at index " + u.getIndex() : e.getMessage();
            throw new BadInputException(uriOrPath + ": not a path or URI: " + why, e);
        }
    }

    /**
     * The one check of an output before anything is computed or written: a path below the root of
     * its file system, none of whose existing ancestors is a file.
     *
     * @return the qualified path
     * @throws BadInputException naming the path and what is in the way
     */
    public static Path requireOutput(String uriOrPath, Configuration conf) {
        Path path = qualify(uriOrPath, conf);
        if (path.isRoot() || path.getParent() == null) {
            throw new BadInputException(path + ": is the root of its file system: name a directory or file below it");
        }
        FileSystem fs = fileSystem(path, conf);
        for (Path p = path.getParent(); p != null; p = p.getParent()) {
            try {
                if (fs.getFileStatus(p).isFile()) {
                    throw new BadInputException(path + ": cannot be created: " + p + " is a file, not a directory");
                }
                return path;
            } catch (FileNotFoundException e) {
                // not there yet: created with the output; look further up
            } catch (IOException e) {
                throw new BadInputException(p + ": cannot read: " + e.getMessage(), e);
            }
        }
        return path;
    }

    /**
     * The one check before a directory is handed to Spark to read (a table, a saved model): it
     * exists, and on the local file system every file in it that Spark would open (any depth,
     * hidden names such as {@code _SUCCESS} or {@code .crc} aside) is a regular file, so that a
     * FIFO or device never blocks a read. A file is checked as {@link #requireFile} checks it.
     *
     * @throws BadInputException naming the path and what is wrong with it
     */
    public static void requireInput(Path path, Configuration conf) {
        if (!status(path, conf, "no such file or directory").isDirectory()) {
            if (isLocal(path)) {
                InputFile.requireRegular(Paths.get(path.toUri()));
            }
            return;
        }
        if (!isLocal(path)) {
            return; // HDFS and object stores hold no FIFOs or devices
        }
        try (Stream<java.nio.file.Path> entries = Files.walk(Paths.get(path.toUri()))) {
            entries.filter(p -> !hidden(p)).forEach(p -> {
                if (!Files.isDirectory(p)) {
                    InputFile.requireRegular(p);
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new BadInputException(path + ": cannot list: " + e.getMessage(), e);
        }
    }

    /** Spark's file listings pass over names that start with '_' or '.'. */
    private static boolean hidden(java.nio.file.Path p) {
        String name = p.getFileName() == null ? "" : p.getFileName().toString();
        return name.startsWith("_") || name.startsWith(".");
    }

    /**
     * Whether an entry of a directory is a regular file inside it: on the local file system not a
     * symbolic link, nor below one that leads out of the directory; elsewhere a file that is not a
     * symbolic link.
     */
    public static boolean isRegularFileWithin(Path dir, FileStatus entry) {
        if (entry.isSymlink() || !entry.isFile()) {
            return false;
        }
        if (!isLocal(entry.getPath())) {
            return true;
        }
        try {
            java.nio.file.Path file = Paths.get(entry.getPath().toUri());
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return attrs.isRegularFile() && file.toRealPath().startsWith(Paths.get(dir.toUri()).toRealPath());
        } catch (IOException e) {
            return false;
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
        if (isLocal(path)) {
            return InputFile.requireRegular(Paths.get(path.toUri()));
        }
        FileStatus status = status(path, conf, "no such file");
        if (status.isDirectory()) {
            throw new BadInputException(path + ": is a directory, not a file");
        }
        return status.getLen();
    }

    /**
     * @param missing what to say when nothing is there
     * @throws BadInputException naming the path when nothing is there or it cannot be read
     */
    private static FileStatus status(Path path, Configuration conf, String missing) {
        try {
            return fileSystem(path, conf).getFileStatus(path);
        } catch (FileNotFoundException e) {
            throw new BadInputException(path + ": " + missing, e);
        } catch (IOException e) {
            throw new BadInputException(path + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** @return whether a qualified path is on the local file system, where FIFOs and devices live */
    private static boolean isLocal(Path path) {
        return "file".equals(path.toUri().getScheme());
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
