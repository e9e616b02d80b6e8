package scratchnet.jobs.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.ZstdInputStream;

/**
 * The Spark event log of an application the end-to-end tests submitted (conf/spark-defaults.conf
 * turns it on; the tests point it at {@code target/e2e/events}): Spark 4's rolling layout,
 * {@code eventlog_v2_<app>/events_<n>_<app>[.zstd]}, one JSON event a line.
 */
final class EventLog {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EventLog() {
    }

    /** @return the application's events, in order; read once it has ended */
    static List<JsonNode> events(String appId) throws IOException {
        Path dir = E2E.eventLogDir().resolve("eventlog_v2_" + appId);
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(f -> f.getFileName().toString().startsWith("events_"))
                    .sorted((a, b) -> Integer.compare(index(a), index(b))).toList();
        }
        List<JsonNode> out = new ArrayList<>();
        for (Path f : files) {
            try (InputStream raw = Files.newInputStream(f);
                 InputStream in = f.toString().endsWith(".zstd") ? new ZstdInputStream(raw) : raw;
                 BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    out.add(JSON.readTree(line));
                }
            }
        }
        return out;
    }

    /** @return {@code n} of {@code events_<n>_<app>} */
    private static int index(Path f) {
        return Integer.parseInt(f.getFileName().toString().split("_")[1]);
    }
}
