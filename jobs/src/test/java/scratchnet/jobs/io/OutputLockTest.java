package scratchnet.jobs.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import scratchnet.core.BadInputException;

/**
 * A lock never outlives the run that took it: on a real file system that fills up (a tmpfs of
 * 4 MiB), a lock that cannot be written is not left behind, and the next run takes the lock once
 * the disk has room; an empty or partial lock left by a crashed writer is stale once a few seconds old.
 */
class OutputLockTest {
    private static final Configuration CONF = new Configuration();

    @TempDir
    Path tmp;

    private static org.apache.hadoop.fs.Path hadoop(Path p) {
        return new org.apache.hadoop.fs.Path(p.toUri());
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aLockThatCannotBeWrittenOnAFullDiskIsNotLeftToBlockTheNextRun() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(tmp.resolve("small"), 4)) {
            Path out = Files.createDirectories(disk.dir().resolve("out"));
            Path lock = out.resolve(".scratchnet.lock");
            disk.fill(0);
            PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
            BadInputException full = assertThrows(BadInputException.class,
                    () -> OutputLock.acquire(hadoop(lock), "--out " + out, "train", CONF, quiet));
            assertTrue(full.getMessage().startsWith("file:" + lock + ": cannot create the lock: "), full.getMessage());
            assertTrue(full.getMessage().contains("No space left on device"), full.getMessage());
            assertEquals(List.of(), names(out), "neither the lock nor its temporary file is left");

            disk.release();
            ByteArrayOutputStream warnings = new ByteArrayOutputStream();
            try (OutputLock taken = OutputLock.acquire(hadoop(lock), "--out " + out, "train", CONF,
                    new PrintStream(warnings, true, StandardCharsets.UTF_8))) {
                assertTrue(Files.readString(lock).contains("\"pid\" : " + ProcessHandle.current().pid()), Files.readString(lock));
            }
            assertEquals("", warnings.toString(StandardCharsets.UTF_8), "nothing stale to remove");
            assertEquals(List.of(), names(out));
        }
    }

    @Test
    void anEmptyOrPartialLockIsStaleOnceAFewSecondsOld() throws Exception {
        Path lock = Files.createDirectories(tmp.resolve("out")).resolve(".scratchnet.lock");
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        PrintStream warn = new PrintStream(warnings, true, StandardCharsets.UTF_8);
        for (String content : new String[] {"", "{\"pid\": 12"}) {
            Files.writeString(lock, content);
            BadInputException fresh = assertThrows(BadInputException.class, () -> OutputLock.acquire(hadoop(lock), "--out X", "train", CONF, warn));
            assertTrue(fresh.getMessage().contains("its lock is unreadable or still being written"), fresh.getMessage());
            Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minusSeconds(OutputLock.UNREADABLE_STALE_SECONDS + 1)));
            try (OutputLock taken = OutputLock.acquire(hadoop(lock), "--out X", "train", CONF, warn)) {
                assertTrue(warnings.toString(StandardCharsets.UTF_8).contains(": removing an unreadable lock (" + content.length() + " bytes) written "),
                        warnings.toString(StandardCharsets.UTF_8));
            }
        }
    }
}
