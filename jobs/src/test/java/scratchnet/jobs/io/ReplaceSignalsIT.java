package scratchnet.jobs.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow: a directory output replaced again and again ({@link ReplaceProbe}) and stopped at many
 * moments of its replacement, by SIGTERM (the exit waits for the renames and removes what was
 * unfinished) and by SIGKILL (the next writer finishes what the killed one left): after every
 * stop exactly one whole version is there, and after SIGTERM nothing else.
 */
@Tag("e2e")
class ReplaceSignalsIT {
    private static final int SIGNALS = 30;
    private static final int KILLS = 15;

    @TempDir
    Path dir;

    /** @return the version every part file holds; fails unless the directory is one whole version */
    private static int wholeVersion(Path target) throws IOException {
        Set<String> contents = new HashSet<>();
        long parts;
        try (Stream<Path> files = Files.list(target)) {
            List<Path> all = files.filter(f -> f.getFileName().toString().startsWith("part-")).toList();
            parts = all.size();
            for (Path f : all) {
                contents.add(Files.readString(f));
            }
        }
        int expected = contents.contains("1") ? 3 : ReplaceProbe.FILES;
        assertEquals(expected, parts, "a whole version's part files in " + target);
        assertEquals(1, contents.size(), "one version: " + contents);
        assertTrue(Files.exists(target.resolve("_SUCCESS")) && Files.exists(target.resolve(DirectoryOutput.MARKER)), "its _SUCCESS and marker");
        return Integer.parseInt(contents.iterator().next());
    }

    private List<String> siblings() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> !n.equals("table")).sorted().toList();
        }
    }

    private Process probe(Path target) throws IOException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), ReplaceProbe.class.getName(), target.toString())
                .redirectError(dir.getParent().resolve("replace-probe.err").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("ready", out.readLine());
        return p;
    }

    @Test
    void sigtermAtAnyMomentOfAReplacementLeavesOneWholeVersionAndNothingElse() throws Exception {
        Path target = dir.resolve("table");
        DirectoryOutputTest.version(target, "probe table", 1, 3, false);
        Random random = new Random(22);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < SIGNALS; i++) {
            Process p = probe(target);
            Thread.sleep(50 + random.nextInt(700));
            assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor());
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the probe did not exit");
            assertEquals(143, p.exitValue());
            seen.add(wholeVersion(target));
            assertEquals(List.of(), siblings(), "no temporary directory, earlier version or lock after signal " + (i + 1));
        }
        System.out.println("e2e figure: SIGTERM " + SIGNALS + " times during replacements: one whole version each time (" + seen.size()
                + " distinct versions seen)");
    }

    @Test
    void sigkillAtAnyMomentLeavesAWholeVersionThatTheNextWriterFinishes() throws Exception {
        Path target = dir.resolve("table");
        DirectoryOutputTest.version(target, "probe table", 1, 3, false);
        Random random = new Random(2222);
        int leftovers = 0;
        for (int i = 0; i < KILLS; i++) {
            Process p = probe(target);
            Thread.sleep(50 + random.nextInt(700));
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            leftovers += siblings().isEmpty() ? 0 : 1;
            // the next writer takes the stale lock, restores or removes what the killed one left
            Files.deleteIfExists(dir.resolve(".table.lock"));
            DirectoryOutput.recover(new org.apache.hadoop.fs.Path(target.toUri()), new Configuration(),
                    new PrintStream(java.io.OutputStream.nullOutputStream()));
            wholeVersion(target);
            assertEquals(List.of(), siblings());
        }
        System.out.println("e2e figure: SIGKILL " + KILLS + " times during replacements: a whole version each time, " + leftovers
                + " kills left something beside it that the next writer finished");
    }
}
