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
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import scratchnet.core.BadInputException;

/**
 * Directory outputs: written whole, replaced only by an output of the same kind, and what a run
 * killed in the middle of a replacement left is finished by the next writer. (Signals at every
 * point of a replacement: {@code ReplaceSignalsIT}.)
 */
class DirectoryOutputTest {
    private static final Configuration CONF = new Configuration();
    private static final String KIND = "test table";

    @TempDir
    Path dir;

    /** Writes a version: {@code files} part files, each holding the version's number. */
    static void version(Path target, String kind, int number, int files, boolean overwrite) {
        DirectoryOutput.write(target.toString(), kind, overwrite, CONF, parts(number, files));
    }

    /** @return a writer of a version's directory: {@code files} part files holding {@code number}, then {@code _SUCCESS} */
    static Consumer<String> parts(int number, int files) {
        return tmp -> {
            try {
                Path d = Files.createDirectories(Path.of(java.net.URI.create(tmp)));
                for (int i = 0; i < files; i++) {
                    Files.writeString(d.resolve(String.format("part-%05d", i)), Integer.toString(number));
                }
                Files.writeString(d.resolve("_SUCCESS"), "");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private List<String> names(Path d) throws IOException {
        try (Stream<Path> files = Files.list(d)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void anOutputIsMarkedWithItsKindAndReplacedWholeByOneOfTheSameKind() throws Exception {
        Path out = dir.resolve("table");
        version(out, KIND, 1, 3, false);
        assertEquals(KIND, Files.readString(out.resolve(DirectoryOutput.MARKER)));
        BadInputException exists = assertThrows(BadInputException.class, () -> version(out, KIND, 2, 3, false));
        assertTrue(exists.getMessage().endsWith("already exists (use --overwrite to replace it)"), exists.getMessage());
        version(out, KIND, 2, 2, true);
        assertEquals(List.of("_SCRATCHNET", "_SUCCESS", "part-00000", "part-00001"), names(out));
        assertEquals("2", Files.readString(out.resolve("part-00000")));
        assertEquals(List.of("table"), names(dir), "no lock, temporary or earlier version beside it");
    }

    @Test
    void overwriteRefusesADirectoryThatIsNotAnOutputOfTheSameKindAndLeavesItAsItWas() throws Exception {
        Path mine = Files.createDirectories(dir.resolve("photos"));
        Files.writeString(mine.resolve("holiday.jpg"), "precious");
        BadInputException foreign = assertThrows(BadInputException.class, () -> version(mine, KIND, 1, 1, true));
        assertEquals("file:" + mine + ": not replaced: it is not a test table written by scratchnet (it has no _SCRATCHNET file);"
                + " remove it yourself, or choose another output", foreign.getMessage());
        assertEquals(List.of("holiday.jpg"), names(mine));

        Path other = dir.resolve("model");
        version(other, "MLlib model", 1, 1, false);
        BadInputException kind = assertThrows(BadInputException.class, () -> version(other, KIND, 2, 1, true));
        assertTrue(kind.getMessage().contains("its _SCRATCHNET says 'MLlib model'"), kind.getMessage());
        assertEquals("1", Files.readString(other.resolve("part-00000")));

        Path file = Files.writeString(dir.resolve("notes.txt"), "mine");
        BadInputException notDir = assertThrows(BadInputException.class, () -> version(file, KIND, 1, 1, true));
        assertTrue(notDir.getMessage().endsWith("notes.txt: is a file, not a test table: not replaced"), notDir.getMessage());
        assertEquals("mine", Files.readString(file));
        assertEquals(List.of("model", "notes.txt", "photos"), names(dir), "nothing left beside them");
    }

    @Test
    void theRootAndAPathUnderAFileAreRefusedBeforeAnythingIsWritten() throws Exception {
        BadInputException root = assertThrows(BadInputException.class, () -> version(Path.of("/"), KIND, 1, 1, true));
        assertEquals("file:/: is the root of its file system: name a directory or file below it", root.getMessage());
        Path file = Files.writeString(dir.resolve("file"), "x");
        BadInputException under = assertThrows(BadInputException.class, () -> version(file.resolve("a/b"), KIND, 1, 1, false));
        assertEquals("file:" + file.resolve("a/b") + ": cannot be created: file:" + file + " is a file, not a directory", under.getMessage());
        assertEquals(List.of("file"), names(dir));
    }

    @Test
    void theNextWriterRestoresAnEarlierVersionLeftAsideAndRemovesUnfinishedOnes() throws Exception {
        Path out = dir.resolve("table");
        version(out, KIND, 1, 2, false);
        // as a writer killed between its two renames leaves it: the earlier version aside, the new one unfinished
        Files.move(out, dir.resolve(".table.100.old"));
        Files.createDirectories(dir.resolve(".table.101.tmp")).resolve("part-00000").toFile().createNewFile();
        ByteArrayOutputStream notes = new ByteArrayOutputStream();
        DirectoryOutput.recover(new org.apache.hadoop.fs.Path(out.toUri()), CONF, new PrintStream(notes, true, StandardCharsets.UTF_8));
        assertEquals(List.of("table"), names(dir));
        assertEquals("1", Files.readString(out.resolve("part-00001")));
        assertTrue(notes.toString(StandardCharsets.UTF_8).contains("restored the earlier version from file:" + dir.resolve(".table.100.old")), notes.toString());

        // killed after them: the new version in place, the earlier one aside, half removed
        Path aside = Files.createDirectories(dir.resolve(".table.102.old"));
        Files.writeString(aside.resolve("part-00000"), "0");
        version(out, KIND, 3, 1, true);
        assertEquals(List.of("table"), names(dir));
        assertEquals("3", Files.readString(out.resolve("part-00000")));
        assertFalse(Files.exists(out.resolve("part-00001")));
    }

    @Test
    void aWriterStillWritingWhenSigtermComesIsStoppedBeforeTheExitRemovesItsStagedDirectory() throws Exception {
        Path out = dir.resolve("table");
        version(out, ReplaceProbe.KIND, 1, ReplaceProbe.FILES, false);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), ReplaceProbe.class.getName(), "outlive", out.toString())
                .redirectError(Path.of("target", "outlive.err").toFile()).start();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("ready", lines.readLine(), "the probe's staged version is written");
            p.toHandle().destroy(); // SIGTERM
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the probe did not exit");
        } finally {
            p.destroyForcibly();
        }
        assertEquals(143, p.exitValue());
        assertEquals(List.of("table"), names(dir), "the writer wrote nothing after the exit's cleanup: nothing beside the target");
        assertEquals("1", Files.readString(out.resolve("part-00059")));
    }

    @Test
    void theNextWriterRemovesTheLockTemporaryOfAWriterKilledWhileTakingTheLock() throws Exception {
        Path out = dir.resolve("table");
        version(out, KIND, 1, 1, false);
        Process gone = new ProcessBuilder("true").start();
        assertEquals(0, gone.waitFor());
        // killed between writing its lock's content and linking it: a temporary named for the lock, its pid and a counter
        Path killed = Files.writeString(dir.resolve(".table.lock." + gone.pid() + ".12345.tmp"), "{\"pid\": " + gone.pid() + "}");
        Path old = Files.writeString(dir.resolve(".table.lock." + ProcessHandle.current().pid() + ".777.tmp"), "{}");
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minusSeconds(60)));
        Path fresh = Files.writeString(dir.resolve(".table.lock." + ProcessHandle.current().pid() + ".888.tmp"), "{}");
        version(out, KIND, 2, 1, true);
        assertEquals(List.of(fresh.getFileName().toString(), "table"), names(dir),
                "a dead writer's and an old temporary removed; a live process's fresh one, still being linked, kept");
        assertFalse(Files.exists(killed));
    }
}
