package scratchnet.jobs.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

/**
 * A real file system of a few MiB that fills up: a tmpfs mounted on a directory for the length of
 * a test (root may mount, as CI runs; elsewhere the test is skipped, saying why), filled by one
 * file to a few KiB of free space, freed again, and unmounted at the end.
 */
public final class SmallDisk implements AutoCloseable {
    private final Path mount;
    private final Path filler;

    private SmallDisk(Path mount) {
        this.mount = mount;
        this.filler = mount.resolve("filler");
    }

    /**
     * Mounts a tmpfs of {@code mebibytes} MiB on {@code mount} (created).
     *
     * @throws org.opentest4j.TestAbortedException when this machine refuses the mount (not root, no tmpfs)
     */
    public static SmallDisk mount(Path mount, int mebibytes) throws IOException, InterruptedException {
        Files.createDirectories(mount);
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + mebibytes + "m", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        int code = p.waitFor();
        if (code != 0) {
            String reason = "cannot mount a tmpfs on " + mount + " (exit " + code + ": " + output + "); a full-disk test needs root, as CI has";
            System.err.println("SKIPPED: " + reason);
            Assumptions.abort(reason);
        }
        return new SmallDisk(mount);
    }

    /**
     * Unmounts what a run killed before its end left mounted at {@code mount} (or below it), so
     * that the directory can be removed.
     */
    public static void unmountLeftovers(Path mount) throws IOException, InterruptedException {
        Path mounts = Path.of("/proc/mounts");
        if (!Files.isReadable(mounts)) {
            return; // not Linux: nothing of ours can be mounted
        }
        String prefix = mount.toAbsolutePath().normalize().toString();
        for (String line : Files.readAllLines(mounts, StandardCharsets.UTF_8)) {
            String[] fields = line.split(" ");
            if (fields.length > 2 && "tmpfs".equals(fields[2]) && (fields[1].equals(prefix) || fields[1].startsWith(prefix + "/"))) {
                new ProcessBuilder("umount", "-l", fields[1]).inheritIO().start().waitFor();
            }
        }
    }

    /** @return the mounted directory */
    public Path dir() {
        return mount;
    }

    /** @return the bytes free on it */
    public long free() throws IOException {
        FileStore store = Files.getFileStore(mount);
        return store.getUsableSpace();
    }

    /** Fills the disk until no more than {@code leaveBytes} bytes are free. */
    public void fill(long leaveBytes) throws IOException {
        long grow = free() - leaveBytes;
        if (grow > 0) {
            byte[] block = new byte[1 << 16];
            try (var out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND)) {
                for (long left = grow; left > 0; left -= block.length) {
                    out.write(block, 0, (int) Math.min(block.length, left));
                }
            }
        }
    }

    /** Frees what {@link #fill} took. */
    public void release() throws IOException {
        Files.deleteIfExists(filler);
    }

    @Override
    public void close() {
        try {
            new ProcessBuilder("umount", "-l", mount.toString()).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
