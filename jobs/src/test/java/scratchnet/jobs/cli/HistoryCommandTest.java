package scratchnet.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import scratchnet.jobs.report.EvaluationRun;
import scratchnet.jobs.report.ReportDir;
import scratchnet.jobs.report.TestRuns;

/** {@code history}: runs in time order with their changes, and the drop gate. */
class HistoryCommandTest {
    @TempDir
    Path tmp;

    private Path report(EvaluationRun... runs) {
        Path dir = tmp.resolve("report");
        ReportDir report = new ReportDir(dir.toString(), new Configuration());
        for (EvaluationRun r : runs) {
            report.writeRun(r);
        }
        return dir;
    }

    @Test
    void runsAreListedOldestFirstWithTheirChange() {
        // ids out of time order: the start time orders them
        Path dir = report(TestRuns.run("c", "2026-11-25T02:00:00Z", 9352, "m"), TestRuns.run("a", "2026-11-26T02:00:00Z", 9360, "m"),
                TestRuns.run("b", "2026-11-27T02:00:00.5Z", 9300, "m"));
        CliRunner r = CliRunner.run("history", "--report", dir.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(4, lines.size(), r.out());
        assertTrue(lines.get(0).startsWith("run ") && lines.get(0).contains("started (UTC)") && lines.get(0).contains("change"), lines.get(0));
        assertTrue(lines.get(1).matches("c +2026-11-25 02:00:00 +sample_weight.pkl b7f55a27988b +0.9352 *"), lines.get(1));
        assertTrue(lines.get(2).matches("a +2026-11-26 02:00:00 +sample_weight.pkl b7f55a27988b +0.936 +\\+0.0008 *"), lines.get(2));
        assertTrue(lines.get(3).matches("b +2026-11-27 02:00:00 +sample_weight.pkl b7f55a27988b +0.93 +-0.0060 *"), lines.get(3));
    }

    @Test
    void aDropLargerThanMaxDropExitsWithThree() {
        Path dir = report(TestRuns.run("a", "2026-11-26T02:00:00Z", 9360, "m"), TestRuns.run("b", "2026-11-27T02:00:00Z", 9300, "m"));
        CliRunner failed = CliRunner.run("history", "--report", dir.toString(), "--max-drop", "0.005");
        assertEquals(3, failed.code());
        assertTrue(failed.oneErrorLine(), failed.err());
        assertTrue(failed.err().contains("accuracy dropped by 0.0060 from run a (0.936) to run b (0.93), more than --max-drop 0.005"), failed.err());
        assertEquals(3, failed.out().lines().count(), "the table is printed before the gate");
        // 0.936 - 0.93 is 0.006 up to rounding: not more than 0.006
        assertEquals(0, CliRunner.run("history", "--report", dir.toString(), "--max-drop", "0.006").code());
        assertEquals(0, CliRunner.run("history", "--report", dir.toString(), "--max-drop", "0.01").code());
    }

    @Test
    void aRiseOrASingleRunPassesEveryGate() {
        Path dir = report(TestRuns.run("a", "2026-11-26T02:00:00Z", 9300, "m"));
        assertEquals(0, CliRunner.run("history", "--report", dir.toString(), "--max-drop", "0").code());
        report(TestRuns.run("b", "2026-11-27T02:00:00Z", 9352, "m"));
        assertEquals(0, CliRunner.run("history", "--report", dir.toString(), "--max-drop", "0").code());
    }

    @Test
    void hiddenAndForeignFilesAreIgnoredAndABrokenRunIsNamed() throws Exception {
        Path dir = report(TestRuns.run("a", "2026-11-26T02:00:00Z", 9352, "m"));
        Files.writeString(dir.resolve("runs/.b.json.123.tmp"), "{");
        Files.writeString(dir.resolve("runs/.b.json"), "{");
        Files.writeString(dir.resolve("runs/notes.txt"), "hello");
        assertEquals(0, CliRunner.run("history", "--report", dir.toString()).code());
        // A broken neighbour is named in one warning line and skipped (issue 13: it used to fail the history with 2).
        Files.writeString(dir.resolve("runs/broken.json"), "{\"runId\": ");
        CliRunner r = CliRunner.run("history", "--report", dir.toString());
        assertEquals(0, r.code());
        assertTrue(r.oneErrorLine() && r.err().contains("runs/broken.json: not an evaluation run"), r.err());
        Files.writeString(dir.resolve("runs/broken.json"), "{\"runId\": \"x\", \"startTime\": \"yesterday\"}");
        r = CliRunner.run("history", "--report", dir.toString());
        assertEquals(0, r.code());
        assertTrue(r.oneErrorLine() && r.err().contains("runs/broken.json: not an evaluation run"), r.err());
        assertTrue(r.err().startsWith("scratchnet: warning: ") && r.err().strip().endsWith("; skipped"), r.err());
        assertTrue(r.out().contains("a "), r.out());
    }

    @Test
    void aMissingReportIsBadInput() throws Exception {
        CliRunner r = CliRunner.run("history", "--report", tmp.resolve("none").toString());
        assertEquals(2, r.code());
        assertTrue(r.oneErrorLine() && r.err().contains("none/runs: no such report (no runs folder)"), r.err());
        Files.createDirectories(tmp.resolve("empty/runs"));
        r = CliRunner.run("history", "--report", tmp.resolve("empty").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("the report holds no runs"), r.err());
        assertEquals(2, CliRunner.run("history").code());
        assertEquals(2, CliRunner.run("history", "--report", tmp.toString(), "--max-drop", "2").code());
    }
}
