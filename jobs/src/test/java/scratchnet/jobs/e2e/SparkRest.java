package scratchnet.jobs.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The driver's monitoring REST API ({@code /api/v1}) on a known UI port, read while a job runs. */
final class SparkRest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String base;
    private String appId;

    /** @param uiPort the driver's {@code spark.ui.port} */
    SparkRest(int uiPort) {
        this.base = "http://127.0.0.1:" + uiPort + "/api/v1/applications";
    }

    /** @return the active executors (not the driver): id, activeTasks, completedTasks, …; none while the UI is not up */
    List<JsonNode> executors() throws InterruptedException {
        List<JsonNode> out = new ArrayList<>();
        get(appId().map(id -> "/" + id + "/executors").orElse(null)).ifPresent(all -> all.forEach(e -> {
            if (!e.get("id").asText().equals("driver")) {
                out.add(e);
            }
        }));
        return out;
    }

    /** @return the application's id, once the driver has answered */
    String applicationId() {
        return appId;
    }

    private Optional<String> appId() throws InterruptedException {
        if (appId == null) {
            get("").filter(apps -> apps.size() > 0).ifPresent(apps -> appId = apps.get(0).get("id").asText());
        }
        return Optional.ofNullable(appId);
    }

    private Optional<JsonNode> get(String path) throws InterruptedException {
        if (path == null) {
            return Optional.empty();
        }
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return r.statusCode() == 200 ? Optional.of(JSON.readTree(r.body())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
