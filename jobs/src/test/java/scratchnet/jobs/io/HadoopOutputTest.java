package scratchnet.jobs.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import scratchnet.core.BadInputException;

/** Atomic writes on the local file system: create, replace, refuse, and fail without a trace. */
class HadoopOutputTest {
    private static final Configuration CONF = new Configuration();

    private static void write(Path file, boolean overwrite, String text) {
        HadoopOutput.writeAtomically(file.toUri().toString(), overwrite, CONF, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static long hiddenFiles(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(".")).count();
        }
    }

    @Test
    void createsAndReplacesAFileLeavingNothingElse(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("sub/run.json");
        write(file, false, "first");
        assertEquals("first", Files.readString(file));
        write(file, true, "second");
        assertEquals("second", Files.readString(file));
        assertEquals(0, hiddenFiles(file.getParent()), "no temporary or checksum file beside it");
    }

    @Test
    void refusesToReplaceWithoutOverwriteAndKeepsTheFileWhenTheWriterFails(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("run.json");
        write(file, false, "kept");
        BadInputException exists = assertThrows(BadInputException.class, () -> write(file, false, "other"));
        assertTrue(exists.getMessage().contains("already exists"), exists.getMessage());
        assertThrows(BadInputException.class, () -> HadoopOutput.writeAtomically(file.toUri().toString(), true, CONF, out -> {
            out.write("half".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }));
        assertEquals("kept", Files.readString(file));
        assertEquals(0, hiddenFiles(dir));
    }
}
