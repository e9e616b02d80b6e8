package scratchnet.jobs.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import scratchnet.core.TestData;

/**
 * Slow: {@code submit.sh}'s class-data sharing. A command's first successful run leaves an
 * archive of its classes in the cache, a failed run leaves none, and the next run loads Spark's
 * classes from the archive; stdout stays the command's own.
 */
@Tag("e2e")
class SubmitCdsIT {
    @TempDir
    Path tmp;

    @Test
    void theFirstSuccessfulRunRecordsTheClassesAndTheNextLoadsThemFromTheArchive() throws Exception {
        Path cds = tmp.resolve("cache/scratchnet/cds");
        Path logs = Files.createDirectories(tmp.resolve("class-logs"));
        Map<String, String> env = Map.of("XDG_CACHE_HOME", tmp.resolve("cache").toString(),
                "SCRATCHNET_DATA", TestData.mnistDir().toString(),
                // the same flags every run (they are part of the archive's key); one log file per JVM
                "SCRATCHNET_JAVA_OPTS", "-Xlog:class+load=info:file=" + logs + "/%p.log");

        E2E.Result failed = E2E.run("cds-failed", E2E.SUBMIT_TIMEOUT,
                E2E.submit("local[2]", List.of(), "evaluate", "--weights", tmp.resolve("missing.pkl").toString()), env);
        assertEquals(2, failed.code(), failed.err());
        assertEquals(List.of(), files(cds), "a failed run keeps no archive");
        assertFalse(failed.err().contains("recorded the classes"), failed.err());

        String weights = TestData.sampleWeights().toString();
        E2E.Result first = E2E.run("cds-first", E2E.SUBMIT_TIMEOUT, E2E.submit("local[2]", List.of(), "evaluate", "--weights", weights), env);
        assertEquals(0, first.code(), first.err());
        assertEquals("Accuracy:0.9352", first.firstLine());
        assertFalse(first.out().contains("[cds"), first.out());
        assertTrue(first.err().contains("recorded the classes of this first evaluate run"), first.err());
        List<String> archives = files(cds);
        assertEquals(1, archives.size(), archives.toString());
        assertTrue(archives.get(0).matches("evaluate-[0-9a-f]{16}\\.jsa"), archives.toString());

        Set<String> before = new HashSet<>(files(logs));
        E2E.Result second = E2E.run("cds-second", E2E.SUBMIT_TIMEOUT, E2E.submit("local[2]", List.of(), "evaluate", "--weights", weights), env);
        assertEquals(0, second.code(), second.err());
        assertEquals("Accuracy:0.9352", second.firstLine());
        assertFalse(second.err().contains("recorded the classes"), second.err());
        List<String> newLogs = files(logs).stream().filter(f -> !before.contains(f)).toList();
        assertEquals(1, newLogs.size(), newLogs.toString());
        String sparkContext = Files.readAllLines(logs.resolve(newLogs.get(0))).stream()
                .filter(l -> l.contains(" org.apache.spark.SparkContext ")).findFirst().orElse("(not loaded)");
        assertTrue(sparkContext.contains("source: shared objects file (top)"), sparkContext);
        assertEquals(archives, files(cds));
    }

    private static List<String> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}
