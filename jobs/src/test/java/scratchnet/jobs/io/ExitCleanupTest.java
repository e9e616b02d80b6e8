package scratchnet.jobs.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import scratchnet.core.BadInputException;

/**
 * Real exits of a real process ({@link ExitProbe}), signalled as a user or a scheduler would:
 * what was unfinished is gone, what was finished stays, a write under way ends whole, a graceful
 * part keeps its work, and a lock is released, or recognised as stale once its holder is killed.
 */
class ExitCleanupTest {
    @TempDir
    Path dir;

    private Process probe(String mode, Path arg) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ExitProbe.class.getName(), mode, arg.toString())
                .redirectError(dir.resolve(mode + ".err").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("ready", out.readLine(), () -> "the probe did not start: " + read(mode + ".err"));
        return p;
    }

    private String read(String name) {
        try {
            return Files.readString(dir.resolve(name));
        } catch (IOException e) {
            return "";
        }
    }

    private static void signal(Process p, String name) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).start().waitFor());
    }

    private static int exit(Process p) throws InterruptedException {
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the probe did not exit");
        return p.exitValue();
    }

    private List<String> hidden() throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
        }
    }

    @Test
    void sigtermRemovesWhatIsUnfinishedAndKeepsWhatWasReleased() throws Exception {
        Process p = probe("leftover", dir);
        signal(p, "TERM");
        assertEquals(143, exit(p));
        assertEquals("scratchnet: interrupted by SIGTERM; unfinished outputs are removed\n", read("leftover.err"));
        assertFalse(Files.exists(dir.resolve("unfinished.png")));
        assertTrue(Files.exists(dir.resolve("finished.png")));
    }

    @Test
    void aWriteUnderWayWhenSigintComesEndsWholeAndLeavesNoTemporaryFile() throws Exception {
        Process p = probe("slow-write", dir);
        assertEquals(1, hidden().size(), "the write goes to a hidden temporary file first");
        signal(p, "INT");
        assertEquals(130, exit(p));
        assertEquals("whole", Files.readString(dir.resolve("out.txt")));
        assertEquals(List.of(), hidden());
    }

    @Test
    void aGracefulPartTakesTheSignalAndKeepsItsWork() throws Exception {
        Process p = probe("graceful", dir);
        signal(p, "INT");
        assertEquals(130, exit(p));
        assertEquals("kept", Files.readString(dir.resolve("kept.txt")));
        assertEquals("", read("graceful.err"), "the part that took the signal says what it kept, not the exit");
    }

    @Test
    void aLockIsHeldAgainstOthersReleasedOnSigtermAndStaleOnceItsHolderIsKilled() throws Exception {
        Configuration conf = new Configuration();
        Path lock = dir.resolve("out/.scratchnet.lock");
        org.apache.hadoop.fs.Path lockPath = new org.apache.hadoop.fs.Path(lock.toUri());
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        PrintStream warn = new PrintStream(warnings, true, StandardCharsets.UTF_8);

        Process held = probe("lock", lock);
        BadInputException busy = assertThrows(BadInputException.class, () -> OutputLock.acquire(lockPath, "--out X", "test", conf, warn));
        assertTrue(busy.getMessage().startsWith("--out X is in use by probe (pid " + held.pid() + " on "), busy.getMessage());
        assertTrue(busy.getMessage().endsWith("wait for it to end, or remove " + lockPath + " if that process is gone"), busy.getMessage());
        signal(held, "TERM");
        assertEquals(143, exit(held));
        assertFalse(Files.exists(lock), "SIGTERM releases the lock");

        Process killed = probe("lock", lock);
        killed.destroyForcibly();
        exit(killed);
        assertTrue(Files.exists(lock), "a killed holder leaves its lock");
        try (OutputLock mine = OutputLock.acquire(lockPath, "--out X", "test", conf, warn)) {
            assertTrue(warnings.toString(StandardCharsets.UTF_8).contains("removing the stale lock of probe (pid " + killed.pid()),
                    warnings.toString(StandardCharsets.UTF_8));
            assertThrows(BadInputException.class, () -> OutputLock.acquire(lockPath, "--out X", "test", conf, warn),
                    "a lock is not taken twice, even by its own process");
        }
        assertFalse(Files.exists(lock));
    }

    @Test
    void aLockHeldOnAnotherHostOrFreshAndUnreadableIsNotTakenOver() throws Exception {
        Configuration conf = new Configuration();
        Path lock = Files.createDirectories(dir.resolve("out")).resolve(".scratchnet.lock");
        org.apache.hadoop.fs.Path lockPath = new org.apache.hadoop.fs.Path(lock.toUri());
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Files.writeString(lock, "{\"pid\": 1, \"host\": \"elsewhere\", \"started\": \"2026-01-01T00:00:00Z\", \"command\": \"train\"}");
        BadInputException other = assertThrows(BadInputException.class, () -> OutputLock.acquire(lockPath, "--out X", "test", conf, quiet));
        assertTrue(other.getMessage().contains("in use by train (pid 1 on elsewhere, started 2026-01-01T00:00:00Z)"), other.getMessage());
        Files.writeString(lock, "");
        BadInputException unreadable = assertThrows(BadInputException.class, () -> OutputLock.acquire(lockPath, "--out X", "test", conf, quiet));
        assertTrue(unreadable.getMessage().contains("its lock is unreadable or still being written"), unreadable.getMessage());
    }
}
