package scratchnet.jobs.report;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

import scratchnet.core.net.EvaluationCounts;

/**
 * A run's figures for a Prometheus Pushgateway, in Prometheus' text exposition format: one gauge
 * per figure, labelled with the weights' SHA-256, PUT into the group of the job and the run id
 * (a rerun of an id replaces its figures). A scheduled run's monitoring, beside its report.
 */
public final class MetricsPush {
    /** The job label of the group. */
    public static final String JOB = "scratchnet_evaluate";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private MetricsPush() {
    }

    /**
     * @param counts      the run's counts
     * @param seconds     the run's wall time
     * @param minAccuracy the gate, or {@code null} for none (then no gate figures)
     * @param weightsSha  the weights' SHA-256
     * @return the exposition text
     */
    public static String exposition(EvaluationCounts counts, double seconds, Double minAccuracy, String weightsSha) {
        StringBuilder text = new StringBuilder();
        String labels = "{weights_sha256=\"" + weightsSha + "\"}";
        gauge(text, "scratchnet_accuracy", "Fraction of the test images predicted right.", labels, counts.accuracy());
        gauge(text, "scratchnet_examples", "Test images evaluated.", labels, counts.examples());
        gauge(text, "scratchnet_correct", "Test images predicted right.", labels, counts.correct());
        gauge(text, "scratchnet_mean_cross_entropy", "Mean cross-entropy error over the test images.", labels, counts.meanCrossEntropy());
        gauge(text, "scratchnet_mean_squared_error", "Mean squared error over the test images.", labels, counts.meanSquaredError());
        gauge(text, "scratchnet_duration_seconds", "Wall time of the evaluation run.", labels, seconds);
        if (minAccuracy != null) {
            gauge(text, "scratchnet_min_accuracy", "The accuracy gate (--min-accuracy).", labels, minAccuracy);
            gauge(text, "scratchnet_gate_passed", "1 when the accuracy reached the gate, else 0.", labels, counts.accuracy() >= minAccuracy ? 1 : 0);
        }
        return text.toString();
    }

    private static void gauge(StringBuilder text, String name, String help, String labels, double value) {
        text.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(" gauge\n")
                .append(name).append(labels).append(' ').append(String.format(Locale.ROOT, "%s", value)).append('\n');
    }

    /**
     * PUTs the figures into {@code URL/metrics/job/scratchnet_evaluate/run_id/ID}.
     *
     * @throws IOException when the gateway cannot be reached or answers with an error
     */
    public static void push(String gateway, String runId, String exposition) throws IOException {
        String base = gateway.endsWith("/") ? gateway.substring(0, gateway.length() - 1) : gateway;
        URI uri = URI.create(base + "/metrics/job/" + JOB + "/run_id/" + URLEncoder.encode(runId, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .PUT(HttpRequest.BodyPublishers.ofString(exposition, StandardCharsets.UTF_8)).build();
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IOException(uri + " answered " + response.statusCode() + ": " + response.body().strip().lines().findFirst().orElse(""));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(uri + ": interrupted", e);
        } catch (IllegalArgumentException e) {
            throw new IOException(uri + ": " + e.getMessage(), e);
        }
    }
}
