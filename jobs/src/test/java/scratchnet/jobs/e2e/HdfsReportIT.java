package scratchnet.jobs.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import scratchnet.core.TestData;
import scratchnet.jobs.cli.CliRunner;
import scratchnet.jobs.spark.LocalSpark;

/**
 * HDFS end to end: MNIST and the weights uploaded to a MiniDFSCluster; {@code evaluate} on the
 * standalone cluster reads them there and writes its report there; a rerun of the same id (in
 * local[2]) replaces the run whole; {@code history} reads the report back.
 */
@Tag("e2e")
@ExtendWith(E2EResources.class)
class HdfsReportIT {
    private static StandaloneCluster cluster;
    private static MiniHdfs hdfs;

    @BeforeAll
    static void upload(StandaloneCluster startedCluster, MiniHdfs startedHdfs) throws Exception {
        cluster = startedCluster;
        hdfs = startedHdfs;
        for (String name : List.of("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")) {
            hdfs.put(TestData.mnistDir().resolve(name), "/datasets/mnist/" + name);
        }
        hdfs.put(TestData.sampleWeights(), "/models/sample_weight.pkl");
        LocalSpark.stop();
    }

    private static JsonNode json(FileSystem fs, String file) throws Exception {
        try (InputStream in = fs.open(new Path(file))) {
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void evaluateOnTheClusterReadsAndReportsOnHdfs() throws Exception {
        String report = hdfs.uri() + "/reports/nightly";
        String data = hdfs.uri() + "/datasets/mnist";
        String weights = hdfs.uri() + "/models/sample_weight.pkl";
        E2E.Result r = E2E.run("hdfs-evaluate", E2E.SUBMIT_TIMEOUT.plusSeconds(30), E2E.submit(cluster.masterUrl(), List.of(),
                "evaluate", "--data", data, "--weights", weights, "--report", report, "--run-id", "cluster-1", "--min-accuracy", "0.93"));
        assertEquals(0, r.code(), r.err());
        assertEquals("Accuracy:0.9352", r.firstLine());
        assertTrue(r.out().contains("report " + report + "/runs/cluster-1.json\n"), r.out());
        E2E.figure(String.format(Locale.ROOT, "evaluate --data hdfs://… --report hdfs://… on the standalone cluster: %.1f s from submit to exit", r.seconds()));

        FileSystem fs = hdfs.fileSystem();
        JsonNode run = json(fs, report + "/runs/cluster-1.json");
        var golden = TestData.golden();
        assertEquals(cluster.masterUrl(), run.get("master").asText());
        assertTrue(run.get("application_id").asText().startsWith("app-"), run.get("application_id").asText());
        assertEquals(2, run.get("partitions").asInt(), "two workers of one core");
        assertEquals(9352, run.get("correct").asLong());
        assertEquals(data, run.at("/data/path").asText());
        assertEquals(data + "/t10k-images-idx3-ubyte", run.at("/data/images/path").asText());
        assertEquals(golden.at("/mnist/sha256/t10k-images-idx3-ubyte").asText(), run.at("/data/images/sha256").asText());
        assertEquals(golden.at("/mnist/sha256/t10k-labels-idx1-ubyte").asText(), run.at("/data/labels/sha256").asText());
        assertEquals(weights, run.at("/weights/path").asText());
        assertEquals(golden.at("/mnist/sample_weight_pkl_sha256").asText(), run.at("/weights/sha256").asText());
        for (String png : List.of("cluster-1.confusion.png", "cluster-1.gallery.png")) {
            try (InputStream in = fs.open(new Path(report + "/runs/" + png))) {
                assertTrue(ImageIO.read(in).getWidth() > 500, png);
            }
        }
        assertTrue(fs.getFileStatus(new Path(report + "/index.html")).getLen() > 1000);

        // a rerun of the same id, here in local[2], replaces the run whole, and the gate fails after it is written
        CliRunner rerun = CliRunner.run("evaluate", "--data", data, "--weights", weights, "--report", report, "--run-id", "cluster-1",
                "--min-accuracy", "0.95", "--batch-size", "500");
        assertEquals(3, rerun.code(), rerun.err());
        JsonNode replaced = json(fs, report + "/runs/cluster-1.json");
        assertEquals("local[2]", replaced.get("master").asText());
        assertEquals(500, replaced.get("batch_size").asInt());
        assertFalse(replaced.get("passed").asBoolean());
        assertEquals(List.of("cluster-1.confusion.png", "cluster-1.gallery.png", "cluster-1.json"), names(fs, report + "/runs"));

        assertEquals(0, CliRunner.run("evaluate", "--data", data, "--weights", weights, "--report", report, "--run-id", "local-2").code());
        CliRunner history = CliRunner.run("history", "--report", report, "--max-drop", "0");
        assertEquals(0, history.code(), history.err());
        List<String> lines = history.out().lines().toList();
        assertEquals(3, lines.size(), history.out());
        assertTrue(lines.get(1).startsWith("cluster-1 ") && lines.get(1).contains("FAILED >= 0.95"), lines.get(1));
        assertTrue(lines.get(2).startsWith("local-2 ") && lines.get(2).contains(" 0.9352 ") && lines.get(2).contains("+0.0000"), lines.get(2));
        LocalSpark.stop();
    }

    private static List<String> names(FileSystem fs, String dir) throws Exception {
        List<String> out = new ArrayList<>();
        for (FileStatus f : fs.listStatus(new Path(dir))) {
            out.add(f.getPath().getName());
        }
        out.sort(null);
        return out;
    }
}
