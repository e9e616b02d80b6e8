package scratchnet.jobs.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import scratchnet.core.BadInputException;

/**
 * One writer at a time for an output (a {@code train --out}, one report run): a lock file created
 * exclusively beside it, holding the holder's pid, host, start and command. A second writer
 * fails at once naming the holder. A lock whose holder was on this host and is no longer running
 * (killed, or the machine restarted) is stale: it is replaced, with a warning. Exclusive creation
 * is atomic on local disks and HDFS; an object store (S3) has no such create, so there the check
 * narrows the race to the moment of writing without closing it.
 */
public final class OutputLock implements AutoCloseable {
    private final ExitCleanup.Registration atExit;

    private OutputLock(ExitCleanup.Registration atExit) {
        this.atExit = atExit;
    }

    /**
     * Takes the lock.
     *
     * @param file     the lock file (its directory is created)
     * @param what     what it guards, for the message ("--out DIR", "run ID of report DIR")
     * @param command  the holder's command, recorded in the lock
     * @param warnings where replacing a stale lock is reported
     * @throws BadInputException when another live process holds it
     */
    public static OutputLock acquire(Path file, String what, String command, Configuration conf, PrintStream warnings) {
        FileSystem fs = HadoopFiles.fileSystem(file, conf);
        byte[] content = ProjectJson.bytes(holder(command));
        for (int attempt = 0; attempt < 2; attempt++) {
            if (createExclusively(fs, file, content)) {
                return new OutputLock(ExitCleanup.register(file, false, conf));
            }
            Holder h = Holder.read(fs, file);
            if (h == null || !h.isStale()) {
                String who = h == null ? "another process (its lock is unreadable or still being written)" : h.describe();
                throw new BadInputException(what + " is in use by " + who + ": wait for it to end, or remove " + file
                        + " if that process is gone");
            }
            warnings.println("scratchnet: warning: " + file + ": removing the stale lock of " + h.describe() + ", which is no longer running");
            try {
                fs.delete(file, false);
            } catch (IOException e) {
                throw new BadInputException(file + ": cannot remove the stale lock: " + e.getMessage(), e);
            }
        }
        throw new BadInputException(what + " is in use: another process took " + file + " meanwhile");
    }

    /** Releases the lock: removes its file. */
    @Override
    public void close() {
        atExit.close();
    }

    private static boolean createExclusively(FileSystem fs, Path file, byte[] content) {
        try {
            fs.mkdirs(file.getParent());
            if (fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem) {
                // Hadoop's local create checks and creates in two steps; the JDK's CREATE_NEW is one
                java.nio.file.Path local = java.nio.file.Path.of(Path.getPathWithoutSchemeAndAuthority(file).toString());
                Files.write(local, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return true;
            }
            try (OutputStream out = fs.create(file, false)) {
                out.write(content);
            }
            return true;
        } catch (FileAlreadyExistsException | org.apache.hadoop.fs.FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            if (HadoopFiles.exists(file, fs.getConf())) {
                return false;
            }
            throw new BadInputException(file + ": cannot create the lock: " + e.getMessage(), e);
        }
    }

    private static ObjectNode holder(String command) {
        ProcessHandle self = ProcessHandle.current();
        ObjectNode n = ProjectJson.MAPPER.createObjectNode();
        n.put("pid", self.pid());
        n.put("host", hostName());
        n.put("started", self.info().startInstant().orElse(Instant.now()).toString());
        n.put("command", command);
        return n;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }

    /** Who holds a lock, as its file says. */
    private record Holder(long pid, String host, Instant started, String command) {
        static Holder read(FileSystem fs, Path file) {
            try {
                JsonNode n = ProjectJson.MAPPER.readTree(new String(HadoopFiles.readAll(file.toString(), fs.getConf()), StandardCharsets.UTF_8));
                return new Holder(n.path("pid").asLong(), n.path("host").asText(), Instant.parse(n.path("started").asText()),
                        n.path("command").asText());
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        /** Stale: held on this host by a process that has ended (or a new process that reuses its pid). */
        boolean isStale() {
            if (!host.equals(hostName())) {
                return false;
            }
            Optional<ProcessHandle> p = ProcessHandle.of(pid);
            if (p.isEmpty() || !p.get().isAlive()) {
                return true;
            }
            Optional<Instant> start = p.get().info().startInstant();
            return start.isPresent() && start.get().isAfter(started.plusSeconds(1));
        }

        String describe() {
            return command + " (pid " + pid + " on " + host + ", started " + started + ")";
        }
    }
}
