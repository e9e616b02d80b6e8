package scratchnet.jobs.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static scratchnet.jobs.training.TrainingFixture.assertSameWeights;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import scratchnet.core.TestData;
import scratchnet.core.io.WeightsFile;
import scratchnet.core.net.Params;
import scratchnet.jobs.io.FileDigests;

/**
 * Slow: SIGINT and SIGTERM sent to real runs, as a user's Ctrl-C or a scheduler's stop would.
 * A training run keeps a checkpoint at the step it reached, says so in one line, exits 130 or 143,
 * and {@code --resume} ends with the weights of a run never interrupted; an interrupted
 * {@code --overwrite} run leaves the earlier run's files whole. An {@code evaluate --report}
 * signalled while it writes leaves its run whole or absent, and no temporary file or lock.
 */
@Tag("e2e")
class InterruptIT {
    private static final int STEPS = 3000;

    @TempDir
    Path tmp;

    private static String log(Path file) throws Exception {
        return Files.exists(file) ? Files.readString(file) : "";
    }

    /** Every file under a directory with its SHA-256, the staging directory left out. */
    private static Map<String, String> digests(Path dir) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.put(f.getFileName().toString(), FileDigests.sha256(Files.readAllBytes(f)));
            }
        }
        return out;
    }

    /** Temporary files and locks anywhere below a directory. */
    private static List<Path> leftovers(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".tmp") || f.getFileName().toString().endsWith(".lock")).toList();
        }
    }

    private static int exit(Process p, Path log) throws Exception {
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "did not exit: " + log(log));
        return p.exitValue();
    }

    @ParameterizedTest(name = "SIG{0} during a {1} run")
    @CsvSource({"INT, new, 130", "TERM, --overwrite, 143"})
    void aSignalledTrainingKeepsItsStepAndResumesToTheUninterruptedWeights(String signal, String kind, int code) throws Exception {
        Path out = tmp.resolve("out");
        boolean overwrite = kind.equals("--overwrite");
        Map<String, String> earlier = Map.of();
        if (overwrite) {
            Path firstLog = tmp.resolve("first.log");
            assertEquals(0, exit(MainJvm.start(TrainKillResumeIT.train(600, "1", out), firstLog), firstLog), log(firstLog));
            earlier = digests(out);
        }
        Path work = overwrite ? out.resolve(".staging") : out;
        Path signalledLog = tmp.resolve("signalled.log");
        Process p = MainJvm.start(TrainKillResumeIT.train(STEPS, "1", out, overwrite ? new String[] {"--overwrite"} : new String[0]), signalledLog);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (TrainKillResumeIT.checkpointStep(work) < 300 && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(p.isAlive(), "the run ended before it could be signalled: " + log(signalledLog));
        MainJvm.signal(p, signal);
        assertEquals(code, exit(p, signalledLog), log(signalledLog));

        List<String> lines = log(signalledLog).strip().lines().toList();
        Matcher m = Pattern.compile("scratchnet: train: interrupted by SIG" + signal + " at step (\\d+) of " + STEPS
                + "; checkpoint kept at file:" + Pattern.quote(work.toString()) + "/checkpoint-0*(\\d+)\\.npz; continue with --resume")
                .matcher(lines.get(lines.size() - 1));
        assertTrue(m.matches(), log(signalledLog));
        long step = Long.parseLong(m.group(1));
        assertEquals(step, Long.parseLong(m.group(2)));
        assertEquals(step, TrainKillResumeIT.checkpointStep(work), "the checkpoint is of the step the line names");
        assertTrue(step >= 300 && step < STEPS, "interrupted at step " + step);
        assertFalse(log(signalledLog).contains("\tat "), "no stack trace: " + log(signalledLog));
        assertEquals(List.of(), leftovers(out), "no temporary file and no lock after the exit");
        if (overwrite) {
            assertEquals(earlier, digests(out), "the earlier run's files are whole");
        } else {
            assertFalse(Files.exists(out.resolve("weights.npz")));
        }

        Path resumedLog = tmp.resolve("resumed.log");
        Process resumed = MainJvm.start(TrainKillResumeIT.train(STEPS, "1", out, "--resume"), resumedLog);
        Path straight = tmp.resolve("straight");
        Path straightLog = tmp.resolve("straight.log");
        Process whole = MainJvm.start(TrainKillResumeIT.train(STEPS, "1", straight), straightLog);
        assertEquals(0, exit(resumed, resumedLog), log(resumedLog));
        assertEquals(0, exit(whole, straightLog), log(straightLog));
        assertTrue(log(resumedLog).contains("resuming file:" + work + " at step " + step), log(resumedLog));
        assertFalse(Files.exists(out.resolve(".staging")), "a finished staged run is promoted");

        float[][] a = Params.of(WeightsFile.readNetwork(straight.resolve("weights.npz")));
        float[][] b = Params.of(WeightsFile.readNetwork(out.resolve("weights.npz")));
        assertSameWeights(a, b, "after the signal and --resume");
        assertEquals(Files.readString(straight.resolve("curves.csv")), Files.readString(out.resolve("curves.csv")));
        assertEquals(digests(straight).keySet(), digests(out).keySet(), "the resumed run's files, none of the earlier run's");
    }

    @ParameterizedTest(name = "SIGTERM {0} ms after the accuracy")
    @ValueSource(ints = {0, 150, 400})
    void aSignalledReportRunIsWholeOrAbsent(int delayMillis) throws Exception {
        Path report = tmp.resolve("report");
        Path log = tmp.resolve("evaluate.log");
        Process p = MainJvm.start(new ArrayList<>(List.of("evaluate", "--data", TestData.mnistDir().toString(), "--weights",
                TestData.sampleWeights().toString(), "--report", report.toString(), "--run-id", "r")), log);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!log(log).contains("Accuracy:") && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        Thread.sleep(delayMillis);
        boolean signalled = p.isAlive();
        if (signalled) {
            MainJvm.signal(p, "TERM");
        }
        int code = exit(p, log);
        assertTrue(code == 143 || code == 0, "exit " + code + ": " + log(log));
        if (code == 143) {
            assertTrue(log(log).contains("scratchnet: interrupted by SIGTERM; unfinished outputs are removed"), log(log));
        }
        assertFalse(log(log).contains("\tat "), "no stack trace: " + log(log));
        Path runs = report.resolve("runs");
        List<String> present = new ArrayList<>();
        for (String f : List.of("r.json", "r.confusion.png", "r.gallery.png")) {
            if (Files.exists(runs.resolve(f))) {
                present.add(f);
            }
        }
        assertTrue(present.isEmpty() || present.size() == 3, "the run is whole or absent: " + present);
        if (Files.exists(report)) {
            assertEquals(List.of(), leftovers(report), "no temporary file and no lock after the exit");
        }
    }
}
