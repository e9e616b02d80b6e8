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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CommonPathCapabilities;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import scratchnet.core.BadInputException;
import scratchnet.core.io.Printable;

/**
 * One writer at a time for an output (a {@code train --out}, one report run): a lock file created
 * exclusively beside it, holding the holder's pid, host, start and command. A second writer
 * fails at once naming the holder. A lock whose holder was on this host and is no longer running
 * (killed, or the machine restarted) is stale: it is replaced, with a warning.
 *
 * <p>A lock appears whole or not at all: its content is written to a hidden temporary file first,
 * which is then linked (local disks) or renamed (HDFS) to the lock's name, a step that fails when
 * the name exists; so exclusive creation is atomic there, and a writer that fails (a full disk)
 * leaves no lock behind. An empty or unreadable lock is therefore a crashed writer's (or an older
 * version's): once {@link #UNREADABLE_STALE_SECONDS} old it is stale too. A writer killed outright
 * between writing its temporary file and linking it leaves that file: whoever takes the lock next
 * removes it. An object store (S3) has
 * no exclusive create, so there the check narrows the race to the moment of writing without
 * closing it.
 */
public final class OutputLock implements AutoCloseable {
    /** How old an empty or unreadable lock must be to be taken for a crashed writer's. */
    static final int UNREADABLE_STALE_SECONDS = 5;

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
                OutputLock lock = new OutputLock(registered(fs, file, conf));
                removeKilledWritersTemporaries(fs, file);
                return lock;
            }
            Holder h = Holder.read(fs, file);
            String stale = h == null ? unreadableAndOld(fs, file) : h.isStale() ? "the stale lock of " + h.describe() + ", which is no longer running" : null;
            if (stale == null) {
                String who = h == null ? "another process (its lock is unreadable or still being written)" : h.describe();
                throw new BadInputException(what + " is in use by " + who + ": wait for it to end, or remove " + file
                        + " if that process is gone");
            }
            warnings.println(Printable.escaped("scratchnet: warning: " + file + ": removing " + stale, ""));
            try {
                fs.delete(file, false);
            } catch (IOException e) {
                throw new BadInputException(file + ": cannot remove the stale lock: " + e.getMessage(), e);
            }
        }
        throw new BadInputException(what + " is in use: another process took " + file + " meanwhile");
    }

    /** Registers a lock just created for removal at exit; when the exit has begun already, removes it at once. */
    private static ExitCleanup.Registration registered(FileSystem fs, Path file, Configuration conf) {
        try {
            return ExitCleanup.register(file, false, conf);
        } catch (IllegalStateException exiting) {
            try {
                fs.delete(file, false);
            } catch (IOException e) {
                exiting.addSuppressed(e);
            }
            throw exiting;
        }
    }

    /**
     * Removes the temporary files of this lock ({@link #createExclusively}'s) that writers killed
     * outright between writing and linking one have left: on a local disk those of a process no
     * longer running, anywhere those older than {@link #UNREADABLE_STALE_SECONDS} (a live writer's
     * lasts milliseconds, and while the lock is held its link fails anyway). Best effort: what
     * cannot be listed or removed now is removed by a later holder.
     */
    private static void removeKilledWritersTemporaries(FileSystem fs, Path file) {
        Pattern temporary = Pattern.compile(Pattern.quote(file.getName()) + "\\.([0-9]+)\\.-?[0-9]+\\.tmp");
        boolean local = fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem;
        long now = System.currentTimeMillis();
        try {
            for (FileStatus s : fs.listStatus(file.getParent(), p -> temporary.matcher(p.getName()).matches())) {
                Matcher name = temporary.matcher(s.getPath().getName());
                boolean writerGone = local && name.matches() && ProcessHandle.of(Long.parseLong(name.group(1))).filter(ProcessHandle::isAlive).isEmpty();
                if (writerGone || now - s.getModificationTime() >= UNREADABLE_STALE_SECONDS * 1000L) {
                    fs.delete(s.getPath(), false);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // left for a later holder
        }
    }

    /** Releases the lock: removes its file. */
    @Override
    public void close() {
        atExit.close();
    }

    /** @return a description of an empty or unreadable lock old enough to be a crashed writer's, else {@code null} */
    private static String unreadableAndOld(FileSystem fs, Path file) {
        try {
            FileStatus status = fs.getFileStatus(file);
            long age = System.currentTimeMillis() - status.getModificationTime();
            return age >= UNREADABLE_STALE_SECONDS * 1000L
                    ? "an unreadable lock (" + status.getLen() + " bytes) written " + age / 1000 + " s ago by a writer that failed" : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Publishes the lock whole: its content into a hidden temporary file, then a link (local disks)
     * or a rename (HDFS) to the lock's name, which fails when the name exists. The temporary file
     * is removed whatever happens, so a writer that fails (a full disk) leaves nothing.
     *
     * @return false when the lock exists already
     */
    private static boolean createExclusively(FileSystem fs, Path file, byte[] content) {
        Path tmp = new Path(file.getParent(), file.getName() + "." + ProcessHandle.current().pid() + "." + System.nanoTime() + ".tmp");
        try (ExitCleanup.Registration temporary = ExitCleanup.register(tmp, false, fs.getConf())) {
            fs.mkdirs(file.getParent());
            if (fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem) {
                java.nio.file.Path local = java.nio.file.Path.of(Path.getPathWithoutSchemeAndAuthority(file).toString());
                java.nio.file.Path staged = java.nio.file.Path.of(Path.getPathWithoutSchemeAndAuthority(tmp).toString());
                Files.write(staged, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                try {
                    Files.createLink(local, staged);
                } catch (UnsupportedOperationException e) {
                    // a file system without hard links: the JDK's CREATE_NEW, undone when the content fails
                    return createNew(local, content);
                }
                return true;
            }
            if (fs.hasPathCapability(file, CommonPathCapabilities.ABORTABLE_STREAM)) {
                // an object store: no exclusive create nor rename; the object appears whole when its stream closes
                if (fs.exists(file)) {
                    return false;
                }
                try (OutputStream out = fs.create(file, false)) {
                    out.write(content);
                }
                return true;
            }
            try (OutputStream out = fs.create(tmp, false)) {
                out.write(content);
            }
            // HDFS: a rename that fails when the target exists
            FileContext.getFileContext(file.toUri(), fs.getConf()).rename(tmp, file, Options.Rename.NONE);
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

    private static boolean createNew(java.nio.file.Path lock, byte[] content) throws IOException {
        try {
            Files.write(lock, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            Files.deleteIfExists(lock);
            throw e;
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
