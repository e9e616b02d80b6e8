package scratchnet.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A registered temporary file does not outlive its process: SIGTERM removes it; one closed early is gone at once. */
class TempFilesTest {

    /** The process the test signals: registers {@code DIR/.part} and {@code DIR/.tree/x}, prints {@code ready}, waits. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Files.writeString(TempFiles.register(dir.resolve(".part")).path(), "half a download");
        Path tree = Files.createDirectories(TempFiles.register(dir.resolve(".tree")).path());
        Files.writeString(tree.resolve("x"), "unpacked");
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(60_000);
    }

    @Test
    void sigtermRemovesWhatIsStillRegistered(@TempDir Path dir) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), TempFilesTest.class.getName(), dir.toString()).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("ready", out.readLine());
        assertTrue(Files.exists(dir.resolve(".part")) && Files.exists(dir.resolve(".tree/x")));
        assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertFalse(Files.exists(dir.resolve(".part")), "the temporary file is removed on SIGTERM");
        assertFalse(Files.exists(dir.resolve(".tree")), "and the temporary directory with what it held");
    }

    @Test
    void closingRemovesAtOnce(@TempDir Path dir) throws Exception {
        try (TempFiles.Registration r = TempFiles.register(dir.resolve(".part"))) {
            Files.writeString(r.path(), "x");
        }
        assertFalse(Files.exists(dir.resolve(".part")));
    }
}
