package scratchnet.jobs.report;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;

import scratchnet.core.BadInputException;
import scratchnet.core.HttpDeadline;
import scratchnet.core.io.Printable;
import scratchnet.core.net.EvaluationCounts;

/**
 * A run's figures for a Prometheus Pushgateway, in Prometheus' text exposition format: one gauge
 * per figure, labelled with the weights' SHA-256, PUT into the group of the job and the run id
 * (a rerun of an id replaces its figures). A scheduled run's monitoring, beside its report.
 */
public final class MetricsPush {
    /** The job label of the group. */
    public static final String JOB = "scratchnet_evaluate";
    private static final int TIMEOUT_SECONDS = 10;
    /** The longest the whole push may take: connecting, sending, and the gateway's whole answer. */
    private static final Duration TIMEOUT = Duration.ofSeconds(MetricsPush.TIMEOUT_SECONDS);
    /** The most of a gateway's answer read: its first line is all a message shows. */
    private static final long MAX_ANSWER_BYTES = 64 << 10;

    /**
     * A gateway's URL, checked before the run starts: {@code http} or {@code https} with a host. A
     * user and password in it ({@code http://user:pass@host:9091}) are sent as HTTP Basic
     * authentication and never shown: {@link #toString()} is the URL without them.
     *
     * @param uri           the URL without its user-info
     * @param authorization the {@code Authorization} header's value, or {@code null}
     */
    public record Gateway(URI uri, String authorization) {
        /**
         * @param url the option's value
         * @throws BadInputException when it is not an http(s) URL with a host (named without its user-info)
         */
        public static Gateway parse(String url) {
            URI given;
            try {
                given = new URI(url);
            } catch (URISyntaxException e) {
                throw new BadInputException(shown(url) + ": not a URL: " + e.getReason() + " at index " + e.getIndex(), e);
            }
            String scheme = given.getScheme() == null ? "" : given.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || given.getHost() == null) {
                throw new BadInputException(HttpDeadline.where(given) + ": not a gateway URL (http://HOST:PORT or https://HOST:PORT)");
            }
            if (given.getRawQuery() != null || given.getRawFragment() != null) {
                throw new BadInputException(HttpDeadline.where(given) + ": a gateway URL has no query or fragment");
            }
            String auth = null;
            if (given.getRawUserInfo() != null) {
                // user:password, percent-decoded, as RFC 7617 sends it
                auth = "Basic " + Base64.getEncoder().encodeToString(given.getUserInfo().getBytes(StandardCharsets.UTF_8));
            }
            try {
                URI bare = new URI(scheme, null, given.getHost(), given.getPort(), given.getPath(), null, null);
                return new Gateway(bare, auth);
            } catch (URISyntaxException e) {
                throw new BadInputException(HttpDeadline.where(given) + ": not a URL: " + e.getReason(), e);
            }
        }

        /** @return the URL without its user-info: what messages show */
        @Override
        public String toString() {
            return uri.toString();
        }

        /** A URL Java cannot parse is shown up to its user-info's end cut out, at worst whole but for what precedes an '@'. */
        private static String shown(String url) {
            int at = url.lastIndexOf('@');
            int scheme = url.indexOf("://");
            return at > scheme && scheme >= 0 ? url.substring(0, scheme + 3) + url.substring(at + 1) : url;
        }
    }

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
     * PUTs the figures into {@code URL/metrics/job/scratchnet_evaluate/run_id/ID}, the whole
     * exchange within {@value #TIMEOUT_SECONDS} s.
     *
     * @throws IOException when the gateway cannot be reached, does not answer in time or answers
     *                     with an error (its message quotes the answer's first line, escaped)
     */
    public static void push(Gateway gateway, String runId, String exposition) throws IOException {
        String base = gateway.uri().toString().replaceAll("/+$", "");
        URI uri = URI.create(base + "/metrics/job/" + JOB + "/run_id/" + URLEncoder.encode(runId, StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .PUT(HttpRequest.BodyPublishers.ofString(exposition, StandardCharsets.UTF_8));
        if (gateway.authorization() != null) {
            request.header("Authorization", gateway.authorization());
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        try {
            HttpResponse<byte[]> response = HttpDeadline.send(client, request.build(), TIMEOUT, MAX_ANSWER_BYTES);
            if (response.statusCode() / 100 != 2) {
                String answer = new String(response.body(), StandardCharsets.UTF_8).strip().lines().findFirst().orElse("");
                throw new IOException(uri + " answered " + response.statusCode() + ": " + Printable.of(answer));
            }
        } catch (IllegalArgumentException e) {
            throw new IOException(uri + ": " + e.getMessage(), e);
        }
    }
}
