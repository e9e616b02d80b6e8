package scratchnet.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import scratchnet.jobs.cli.CliRunner;

/** Run files: written in snake_case (schema 3); those of schema 1 (camelCase) and 2 (every misclassified index, no count) still read by the history and the page. */
class ReportDirTest {
    /** A run file as schema 1 wrote it, before the keys became snake_case. */
    private static final String SCHEMA_1 = """
            {
              "schema" : 1,
              "runId" : "old",
              "startTime" : "2026-11-25T02:00:00.000Z",
              "endTime" : "2026-11-25T02:00:03.500Z",
              "durationSeconds" : 3.5,
              "master" : "spark://a:7077",
              "applicationId" : "app-1",
              "sparkVersion" : "4.1.0",
              "weights" : { "path" : "hdfs://nn:8020/models/sample_weight.pkl",
                            "sha256" : "b7f55a27988ba34c3777b0f1bbd464817c8a4db855723e6ff26f703501917a13" },
              "data" : { "path" : "hdfs://nn:8020/mnist",
                         "images" : { "path" : "hdfs://nn:8020/mnist/t10k-images-idx3-ubyte", "sha256" : "ab" },
                         "labels" : { "path" : "hdfs://nn:8020/mnist/t10k-labels-idx1-ubyte", "sha256" : "cd" } },
              "batchSize" : 250,
              "partitions" : 3,
              "examples" : 10000,
              "correct" : 9360,
              "accuracy" : 0.936,
              "minAccuracy" : 0.93,
              "passed" : true,
              "perClassAccuracy" : [ 0.9, 0.91, 0.92, 0.93, 0.94, 0.95, 0.96, 0.97, 0.98, null ],
              "confusion" : [ ],
              "meanCrossEntropy" : 0.2,
              "meanSquaredError" : 0.05,
              "misclassified" : [ 8, 33 ],
              "images" : { "confusion" : "old.confusion.png", "gallery" : "old.gallery.png" }
            }
            """;

    /** A run file as schema 2 wrote it: snake_case, every misclassified index and no count. */
    private static final String SCHEMA_2 = """
            {
              "schema" : 2,
              "run_id" : "two",
              "start_time" : "2026-11-25T03:00:00.000Z",
              "end_time" : "2026-11-25T03:00:02.000Z",
              "duration_seconds" : 2.0,
              "master" : "local[2]",
              "examples" : 10000,
              "correct" : 9997,
              "accuracy" : 0.9997,
              "passed" : true,
              "per_class_accuracy" : [ 1, 1, 1, 1, 1, 1, 1, 1, 1, 0.99 ],
              "misclassified" : [ 5, 17, 9001 ],
              "images" : { "confusion" : "two.confusion.png", "gallery" : "two.gallery.png" }
            }
            """;

    @TempDir
    Path tmp;

    @Test
    void runsAreWrittenInSnakeCaseAsSchema3() throws Exception {
        ReportDir report = new ReportDir(tmp.toString(), new Configuration());
        report.writeRun(TestRuns.run("new", "2026-11-26T02:00:00Z", 9300, "m"));
        JsonNode json = new ObjectMapper().readTree(tmp.resolve("runs/new.json").toFile());
        assertEquals(3, json.get("schema").asInt());
        List<String> keys = json.properties().stream().map(java.util.Map.Entry::getKey).toList();
        assertTrue(keys.containsAll(List.of("run_id", "start_time", "end_time", "duration_seconds", "application_id", "spark_version",
                "batch_size", "min_accuracy", "per_class_accuracy", "mean_cross_entropy", "mean_squared_error", "misclassified",
                "misclassified_count", "misclassified_out")), keys.toString());
        assertTrue(keys.stream().allMatch(k -> k.matches("[a-z0-9_]+")), keys.toString());
        assertEquals("new", report.readRuns(System.err).get(0).runId());
    }

    @Test
    void aSchema1RunIsReadByTheHistoryAndThePage() throws Exception {
        ReportDir report = new ReportDir(tmp.toString(), new Configuration());
        report.writeRun(TestRuns.run("new", "2026-11-26T02:00:00Z", 9300, "spark://a:7077"));
        Files.writeString(tmp.resolve("runs/old.json"), SCHEMA_1);

        List<EvaluationRun> runs = new java.util.ArrayList<>(report.readRuns(System.err));
        runs.sort(Comparator.comparing(EvaluationRun::started));
        EvaluationRun old = runs.get(0);
        assertEquals(1, old.schema());
        assertEquals("old", old.runId());
        assertEquals(3.5, old.durationSeconds());
        assertEquals("app-1", old.applicationId());
        assertEquals(250, old.batchSize());
        assertEquals(0.93, old.minAccuracy());
        assertEquals(0.9, old.perClassAccuracy().get(0));
        assertEquals(0.2, old.meanCrossEntropy());
        assertEquals("ab", old.data().images().sha256());
        assertEquals("old.gallery.png", old.images().gallery());
        assertEquals(2, old.misclassifiedCount(), "a schema-1 file listed every index: they are the count");

        CliRunner history = CliRunner.run("history", "--report", tmp.toString(), "--max-drop", "0.01");
        assertEquals(0, history.code(), history.err());
        List<String> lines = history.out().lines().toList();
        assertTrue(lines.get(1).matches("old +2026-11-25 02:00:00 +sample_weight.pkl b7f55a27988b +0\\.936 .*passed >= 0\\.93"), lines.get(1));
        assertTrue(lines.get(2).matches("new +2026-11-26 02:00:00 .* +0\\.93 +-0\\.0060 *"), lines.get(2));

        String html = IndexPage.render(report.uri(), new RunHistory(report.readRuns(System.err)));
        assertTrue(html.contains("href=\"runs/old.json\">old</a></td>"), html);
        assertTrue(html.contains("<h2>Latest run <code>new</code></h2>"), html);
    }

    @Test
    void aSchema2RunCountsItsCompleteListOfMisclassifiedImages() throws Exception {
        ReportDir report = new ReportDir(tmp.toString(), new Configuration());
        Files.createDirectories(tmp.resolve("runs"));
        Files.writeString(tmp.resolve("runs/two.json"), SCHEMA_2);
        EvaluationRun two = report.readRuns(System.err).get(0);
        assertEquals(2, two.schema());
        assertEquals(3, two.misclassifiedCount());
        assertEquals(9001, two.misclassified()[2]);
        assertEquals(null, two.misclassifiedOut());
        String html = IndexPage.render(report.uri(), new RunHistory(List.of(two)));
        assertTrue(html.contains("The first 3 of 3 misclassified"), html);
    }

    @Test
    void aLinkInRunsIsNeverFollowedOutOfTheReport() throws Exception {
        ReportDir report = new ReportDir(tmp.resolve("report").toString(), new Configuration());
        report.writeRun(TestRuns.run("new", "2026-11-26T02:00:00Z", 9300, "m"));
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "hunter2:x:0:0 the first token must not be quoted");
        Path runs = tmp.resolve("report/runs");
        Files.createSymbolicLink(runs.resolve("passwd.json"), secret);
        Files.createSymbolicLink(runs.resolve("inside.json"), runs.resolve("new.json"));
        java.io.ByteArrayOutputStream warnings = new java.io.ByteArrayOutputStream();
        List<EvaluationRun> read = report.readRuns(new java.io.PrintStream(warnings, true, java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(List.of("new"), read.stream().map(EvaluationRun::runId).toList());
        String text = warnings.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(text.contains("runs/passwd.json: not a regular file inside the report (a link, a directory or a device is never read); skipped"), text);
        assertTrue(text.contains("runs/inside.json: not a regular file inside the report"), "a link is skipped wherever it leads: " + text);
        assertTrue(!text.contains("hunter2"), text);
    }
}
