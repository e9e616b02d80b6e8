package scratchnet.jobs.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import scratchnet.core.TestData;
import scratchnet.core.data.MnistSet;
import scratchnet.core.io.WeightsFile;
import scratchnet.core.math.Activations;
import scratchnet.core.net.Network;
import scratchnet.jobs.cli.CliRunner;
import scratchnet.jobs.evaluation.Evaluation;
import scratchnet.core.net.EvaluationCounts;
import scratchnet.jobs.io.MnistBatch;
import scratchnet.jobs.io.MnistSource;
import scratchnet.jobs.io.OutputLock;
import scratchnet.jobs.spark.LocalSpark;

/** {@code evaluate --report}: the run's JSON, its pictures and the page, written whole, in local[2]. */
class ReportTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void spark() {
        LocalSpark.stop();
    }

    private CliRunner evaluate(Path report, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("evaluate", "--weights", TestData.sampleWeights().toString(),
                "--data", TestData.mnistDir().toString(), "--report", report.toString()));
        args.addAll(List.of(more));
        return CliRunner.run(args.toArray(String[]::new));
    }

    private static JsonNode json(Path file) throws Exception {
        return new ObjectMapper().readTree(file.toFile());
    }

    @Test
    void aRunRecordsWhatItReadAndMeasured() throws Exception {
        Instant before = Instant.now().minusMillis(1);
        Path report = tmp.resolve("report");
        CliRunner r = evaluate(report, "--run-id", "nightly-1", "--min-accuracy", "0.93", "--partitions", "3");
        assertEquals(0, r.code(), r.err());
        assertEquals("Accuracy:0.9352", r.out().lines().findFirst().orElse(""));
        assertTrue(r.out().contains("report file:" + report.resolve("runs/nightly-1.json") + "\n"), r.out());

        JsonNode run = json(report.resolve("runs/nightly-1.json"));
        var golden = TestData.golden();
        assertEquals(EvaluationRun.SCHEMA, run.get("schema").asInt());
        assertEquals("nightly-1", run.get("run_id").asText());
        Instant start = Instant.parse(run.get("start_time").asText());
        Instant end = Instant.parse(run.get("end_time").asText());
        assertTrue(!start.isBefore(before) && !end.isBefore(start) && end.isBefore(Instant.now().plusMillis(1)), start + " " + end);
        assertEquals((end.toEpochMilli() - start.toEpochMilli()) / 1000.0, run.get("duration_seconds").asDouble(), 1e-9);
        assertEquals("local[2]", run.get("master").asText());
        assertTrue(run.get("application_id").asText().startsWith("local-"), run.get("application_id").asText());
        assertEquals(org.apache.spark.package$.MODULE$.SPARK_VERSION(), run.get("spark_version").asText());

        assertTrue(run.at("/weights/path").asText().endsWith("/sample_weight.pkl"));
        assertEquals(golden.at("/mnist/sample_weight_pkl_sha256").asText(), run.at("/weights/sha256").asText());
        assertEquals("file:" + TestData.mnistDir(), run.at("/data/path").asText());
        assertEquals(golden.at("/mnist/sha256/t10k-images-idx3-ubyte").asText(), run.at("/data/images/sha256").asText());
        assertEquals(golden.at("/mnist/sha256/t10k-labels-idx1-ubyte").asText(), run.at("/data/labels/sha256").asText());
        assertTrue(run.at("/data/labels/path").asText().endsWith("/t10k-labels-idx1-ubyte"));

        assertEquals(100, run.get("batch_size").asInt());
        assertEquals(3, run.get("partitions").asInt());
        assertEquals(10_000, run.get("examples").asLong());
        assertEquals(9352, run.get("correct").asLong());
        assertEquals(0.9352, run.get("accuracy").asDouble());
        assertEquals(0.93, run.get("min_accuracy").asDouble());
        assertTrue(run.get("passed").asBoolean());
        var g = golden.at("/ch3_inference/float32");
        for (int t = 0; t < 10; t++) {
            long row = 0;
            for (int p = 0; p < 10; p++) {
                assertEquals(g.at("/confusion_matrix/" + t + "/" + p).asLong(), run.at("/confusion/" + t + "/" + p).asLong());
                row += run.at("/confusion/" + t + "/" + p).asLong();
            }
            assertEquals((double) run.at("/confusion/" + t + "/" + t).asLong() / row, run.at("/per_class_accuracy/" + t).asDouble(), 1e-15);
        }
        assertEquals(g.get("cross_entropy_mean").asDouble(), run.get("mean_cross_entropy").asDouble(), 1e-6);
        assertEquals(g.get("mse_mean").asDouble(), run.get("mean_squared_error").asDouble(), 1e-7);
        assertEquals(648, run.get("misclassified").size());
        assertEquals(8, run.at("/misclassified/0").asInt());
        assertEquals(648, run.get("misclassified_count").asLong());
        assertTrue(run.get("misclassified_out").isNull());

        BufferedImage heatmap = ImageIO.read(report.resolve("runs/" + run.at("/images/confusion").asText()).toFile());
        BufferedImage gallery = ImageIO.read(report.resolve("runs/" + run.at("/images/gallery").asText()).toFile());
        assertEquals("nightly-1.confusion.png", run.at("/images/confusion").asText());
        assertEquals(560, heatmap.getWidth());
        assertTrue(gallery.getWidth() >= 10 * 84 && gallery.getHeight() >= 6 * 84, "60 digits at scale 3 in rows of 10: " + gallery.getWidth() + "x" + gallery.getHeight());

        String html = Files.readString(report.resolve("index.html"));
        assertTrue(html.contains("id=\"latest-accuracy\">Accuracy 0.9352 "), html);
        assertTrue(html.contains("src=\"runs/nightly-1.confusion.png\"") && html.contains("src=\"runs/nightly-1.gallery.png\""));
        assertTrue(html.contains("The first 60 of 648 misclassified"));
        Matcher links = Pattern.compile("(?:src|href)=\"([^\"]*)\"").matcher(html);
        int n = 0;
        while (links.find()) {
            n++;
            assertFalse(links.group(1).contains(":") || links.group(1).startsWith("/"), "relative link: " + links.group(1));
        }
        assertEquals(4, n, "two images, the run file in the facts and in the history");
    }

    @Test
    void aRerunOfAnIdReplacesItWholeAndLeavesNoTemporaryFile() throws Exception {
        Path report = tmp.resolve("report");
        assertEquals(0, evaluate(report, "--run-id", "same", "--batch-size", "100").code());
        assertEquals(0, evaluate(report, "--run-id", "same", "--batch-size", "250").code());
        JsonNode run = json(report.resolve("runs/same.json"));
        assertEquals(250, run.get("batch_size").asInt());
        assertEquals(9352, run.get("correct").asLong());
        try (Stream<Path> files = Files.list(report.resolve("runs"))) {
            List<String> visible = files.map(p -> p.getFileName().toString()).filter(f -> !f.endsWith(".crc")).sorted().toList();
            assertEquals(List.of("same.confusion.png", "same.gallery.png", "same.json"), visible);
        }
        assertEquals(1, new ReportDir(report.toString(), new Configuration()).readRuns(System.err).size());
    }

    @Test
    void aRunIdBeingWrittenByAnotherProcessIsRefusedAtOnceAndOtherIdsGoOn() throws Exception {
        Path report = tmp.resolve("report");
        Configuration conf = new Configuration();
        try (OutputLock held = new ReportDir(report.toString(), conf).lockRun("nightly", System.err)) {
            CliRunner busy = evaluate(report, "--run-id", "nightly");
            assertEquals(2, busy.code(), busy.err());
            assertTrue(busy.oneErrorLine() && busy.err().contains("run nightly of report file:" + report + " is in use by evaluate (pid "
                    + ProcessHandle.current().pid()), busy.err());
            assertFalse(Files.exists(report.resolve("runs/nightly.json")));
            assertEquals(0, evaluate(report, "--run-id", "other").code(), "another id is another run");
        }
        assertEquals(0, evaluate(report, "--run-id", "nightly").code());
        try (Stream<Path> files = Files.list(report.resolve("runs"))) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().startsWith(".")).toList(), "no lock is left");
        }
    }

    @Test
    void theGateFailsWithThreeAfterTheReportIsWritten() throws Exception {
        Path report = tmp.resolve("report");
        CliRunner r = evaluate(report, "--run-id", "gate", "--min-accuracy", "0.95");
        assertEquals(3, r.code(), r.err());
        assertTrue(r.oneErrorLine() && r.err().contains("accuracy 0.9352 is below --min-accuracy 0.95"), r.err());
        JsonNode run = json(report.resolve("runs/gate.json"));
        assertFalse(run.get("passed").asBoolean());
        assertEquals(0.95, run.get("min_accuracy").asDouble());
        assertTrue(Files.readString(report.resolve("index.html")).contains("gate FAILED &gt;= 0.95"));
    }

    @Test
    void aCorruptOrForeignNeighbourIsNamedSkippedAndLeavesTheGatesThree() throws Exception {
        Path report = tmp.resolve("report");
        Files.createDirectories(report.resolve("runs"));
        Files.writeString(report.resolve("runs/corrupt.json"), "{\"run_id\": \u001b[31m");
        Files.writeString(report.resolve("runs/foreign.json"), "[1, 2, 3]");
        CliRunner r = evaluate(report, "--run-id", "gate", "--min-accuracy", "0.95");
        assertEquals(3, r.code(), r.err());
        List<String> lines = r.err().strip().lines().toList();
        assertEquals(3, lines.size(), r.err());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("scratchnet: warning: ") && l.contains("runs/corrupt.json: not an evaluation run")
                && l.endsWith("; skipped")), r.err());
        assertTrue(lines.stream().anyMatch(l -> l.contains("runs/foreign.json: not an evaluation run")), r.err());
        assertFalse(r.err().contains("\u001b"), "no raw control character reaches the terminal");
        assertTrue(lines.get(2).contains("accuracy 0.9352 is below --min-accuracy 0.95"), r.err());
        assertTrue(Files.readString(report.resolve("index.html")).contains("gate FAILED &gt;= 0.95"));
    }

    @Test
    void aBadRunIdIsRefusedBeforeAnythingRuns() {
        Path report = tmp.resolve("report");
        CliRunner r = evaluate(report, "--run-id", "../escape");
        assertEquals(2, r.code());
        assertTrue(r.oneErrorLine() && r.err().contains("--run-id '../escape' must be"), r.err());
        assertEquals("", r.out());
        assertFalse(Files.exists(report));
        CliRunner noReport = CliRunner.run("evaluate", "--weights", TestData.sampleWeights().toString(), "--run-id", "x");
        assertEquals(2, noReport.code());
        assertTrue(noReport.err().contains("--run-id names a run in a report or in pushed metrics: give --report or --push-metrics too"), noReport.err());
    }

    @Test
    void theGallerysDriverSidePredictionsAgreeWithTheJob() {
        Network network = WeightsFile.readNetwork(TestData.sampleWeights());
        Configuration conf = new Configuration();
        MnistSource test = MnistSource.open(TestData.mnistDir().toString(), false, conf);
        EvaluationCounts counts = Evaluation.evaluate(LocalSpark.context(), test, network, 100, 2);
        List<MnistBatch> wrong = test.readEach(counts.misclassified(), conf);
        assertEquals(648, wrong.size());
        for (MnistBatch d : wrong) {
            int predicted = Activations.argmax(network.predict(MnistSet.normalize(d.images(), 0, MnistSet.PIXELS)));
            assertNotEquals(d.labels()[0], predicted, "image " + d.first());
        }
        assertArrayEquals(test.read(8, 1, conf).images(), wrong.get(0).images());
        LocalSpark.stop();
    }
}
