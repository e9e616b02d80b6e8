package scratchnet.jobs.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import scratchnet.core.TestData;
import scratchnet.jobs.cli.CliRunner;
import scratchnet.jobs.io.FileDigests;
import scratchnet.jobs.spark.LocalSpark;

/**
 * {@code evaluate --push-metrics} against Debian's {@code prometheus-pushgateway}, started here on
 * 127.0.0.1 on a free port and stopped by its PID; the figures are read back from its /metrics.
 */
@Tag("e2e")
class PushgatewayIT {
    private static final Path BINARY = Path.of("/usr/bin/prometheus-pushgateway");
    private static Process gateway;
    private static String url;

    @BeforeAll
    static void start() throws Exception {
        assertTrue(Files.isExecutable(BINARY), BINARY + " is missing: apt-get install prometheus-pushgateway (.ci/run does)");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        url = "http://127.0.0.1:" + port;
        Path log = Files.createDirectories(Path.of("target/e2e")).resolve("pushgateway.log");
        // Debian's build persists to /var/lib/prometheus by default: this one keeps its metrics in memory only
        gateway = new ProcessBuilder(BINARY.toString(), "--web.listen-address=127.0.0.1:" + port, "--persistence.file=")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!ready()) {
            assertTrue(gateway.isAlive() && System.nanoTime() < deadline, "the pushgateway did not start: see " + log);
            Thread.sleep(200);
        }
        LocalSpark.stop();
    }

    private static boolean ready() {
        try {
            return get("/-/ready").statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            ProcessHandle.of(gateway.pid()).ifPresent(ProcessHandle::destroy);
            gateway.waitFor();
        }
    }

    @Test
    void theRunsFiguresReachTheGatewayAndTheGateStillDecidesTheExitCode(@TempDir Path dir) throws Exception {
        String report = dir.resolve("report").toString();
        CliRunner r = CliRunner.run("evaluate", "--data", TestData.mnistDir().toString(), "--weights", TestData.sampleWeights().toString(),
                "--report", report, "--run-id", "nightly-2026-12-01", "--min-accuracy", "0.95", "--push-metrics", url);
        assertEquals(3, r.code(), r.err());
        assertTrue(r.out().contains("metrics pushed to " + url + " (job scratchnet_evaluate, run_id nightly-2026-12-01)"), r.out());
        assertTrue(Files.exists(dir.resolve("report/runs/nightly-2026-12-01.json")));

        String sha = FileDigests.sha256(Files.readAllBytes(TestData.sampleWeights()));
        String labels = "{instance=\"\",job=\"scratchnet_evaluate\",run_id=\"nightly-2026-12-01\",weights_sha256=\"" + sha + "\"}";
        String metrics = get("/metrics").body();
        assertEquals(8, metrics.lines().filter(l -> l.startsWith("scratchnet_")).count(), metrics);
        for (String line : new String[] {"scratchnet_accuracy" + labels + " 0.9352", "scratchnet_examples" + labels + " 10000",
                "scratchnet_correct" + labels + " 9352", "scratchnet_gate_passed" + labels + " 0", "scratchnet_min_accuracy" + labels + " 0.95"}) {
            assertTrue(metrics.lines().anyMatch(line::equals), line + " not in\n" + metrics);
        }
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("scratchnet_mean_cross_entropy" + labels + " 0.2245")), metrics);
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("scratchnet_duration_seconds" + labels + " ")), metrics);
        Files.writeString(Path.of("target/e2e/pushgateway-metrics.txt"), metrics);
    }

    @Test
    void aGatewayThatIsNotThereIsAWarningNotAFailure(@TempDir Path dir) throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        CliRunner r = CliRunner.run("evaluate", "--data", TestData.mnistDir().toString(), "--weights", TestData.sampleWeights().toString(),
                "--report", dir.resolve("report").toString(), "--run-id", "offline", "--push-metrics", "http://127.0.0.1:" + closed);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("scratchnet: warning: metrics not pushed: "), r.err());
        assertTrue(Files.exists(dir.resolve("report/runs/offline.json")));
    }
}
