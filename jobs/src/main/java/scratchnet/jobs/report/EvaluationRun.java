package scratchnet.jobs.report;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.ObjectNode;

import scratchnet.core.net.EvaluationCounts;

/**
 * One scheduled evaluation run as its report keeps it, {@code runs/<runId>.json}: when and where
 * it ran, what it read (paths and SHA-256), how it was cut, and what it measured. The README's
 * "Report" section documents every field. Its keys are snake_case, as in every JSON the project
 * writes ({@code run_id}, {@code batch_size}); schema 1 had the same fields in camelCase, and
 * schemas 1 and 2 listed every misclassified index, without a count ({@link #upgrade} reads both).
 *
 * @param schema           version of this layout ({@value #SCHEMA})
 * @param runId            the run's id ({@link RunId})
 * @param startTime        when the command started, ISO-8601 UTC to the millisecond
 * @param endTime          when the measurements were complete, ISO-8601 UTC to the millisecond
 * @param durationSeconds  {@code endTime - startTime}
 * @param master           the Spark master
 * @param applicationId    Spark's application id
 * @param sparkVersion     Spark's version
 * @param weights          the weights file
 * @param data             the test set's directory and files
 * @param batchSize        images per batch
 * @param partitions       partitions the batches were spread over
 * @param examples         images evaluated
 * @param correct          images predicted right
 * @param accuracy         {@code correct / examples}
 * @param minAccuracy      the {@code --min-accuracy} gate, or {@code null}
 * @param passed           whether the gate passed (true without a gate)
 * @param perClassAccuracy accuracy per true digit 0–9 ({@code null} for a digit with no images)
 * @param confusion        the 10×10 confusion matrix, {@code [true][predicted]}
 * @param meanCrossEntropy mean of {@code -log(y[t] + 1e-7)}
 * @param meanSquaredError mean of {@code 0.5 · Σ (y - onehot)²}
 * @param misclassified    the lowest {@value EvaluationCounts#MISCLASSIFIED_KEPT} indices of the misclassified test images (all when fewer), ascending
 * @param misclassifiedCount how many test images were misclassified
 * @param misclassifiedOut the directory holding every misclassified index ({@code evaluate --misclassified-out}), or {@code null}
 * @param images           the run's pictures, relative to the JSON file
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EvaluationRun(
        int schema,
        String runId,
        String startTime,
        String endTime,
        double durationSeconds,
        String master,
        String applicationId,
        String sparkVersion,
        FileDigest weights,
        DataFiles data,
        int batchSize,
        int partitions,
        long examples,
        long correct,
        double accuracy,
        Double minAccuracy,
        boolean passed,
        List<Double> perClassAccuracy,
        long[][] confusion,
        double meanCrossEntropy,
        double meanSquaredError,
        int[] misclassified,
        long misclassifiedCount,
        String misclassifiedOut,
        Images images) {

    /**
     * The version of this layout, raised when a field changes meaning or name: 2 has snake_case
     * keys; 3 keeps only the lowest misclassified indices, with their count.
     */
    public static final int SCHEMA = 3;

    /**
     * @param json a run file's content, of any schema
     * @return it in this layout: a schema-1 file's camelCase keys in snake_case (their meanings
     *         are the same; the nested objects' keys are single words in both); a schema-1 or -2
     *         file's complete list of misclassified indices counted into {@code misclassified_count}
     */
    public static JsonNode upgrade(JsonNode json) {
        if (!(json instanceof ObjectNode o) || o.path("schema").asInt(1) >= 3) {
            return json;
        }
        ObjectNode out = o;
        if (o.path("schema").asInt(1) < 2) {
            out = o.objectNode();
            ObjectNode renamed = out;
            o.properties().forEach(e -> renamed.set(PropertyNamingStrategies.SnakeCaseStrategy.INSTANCE.translate(e.getKey()), e.getValue()));
        }
        if (!out.has("misclassified_count") && out.path("misclassified").isArray()) {
            out = out.deepCopy();
            out.put("misclassified_count", out.get("misclassified").size());
        }
        return out;
    }

    /**
     * A file and its content's SHA-256.
     *
     * @param path   the qualified URI
     * @param sha256 lower-case hex
     */
    public record FileDigest(String path, String sha256) {
    }

    /**
     * The test set.
     *
     * @param path   the directory given as {@code --data} (or the cache)
     * @param images the images file as read (raw or {@code .gz})
     * @param labels the labels file as read
     */
    public record DataFiles(String path, FileDigest images, FileDigest labels) {
    }

    /**
     * @param confusion the confusion-matrix heatmap PNG
     * @param gallery   the PNG of misclassified digits
     */
    public record Images(String confusion, String gallery) {
    }

    /** Where and how a run was done, as the Spark context and the options say. */
    public record Setting(String master, String applicationId, String sparkVersion, int batchSize, int partitions, Double minAccuracy) {
    }

    /**
     * Assembles a run from its measurements.
     *
     * @param runId   the run's id
     * @param start   when it started
     * @param end     when its measurements were complete
     * @param setting master, application and options
     * @param weights the weights file
     * @param data    the test set
     * @param counts  the reduced counts
     * @param misclassifiedOut the directory of every misclassified index, or {@code null}
     * @param images  its pictures, relative to the JSON
     */
    public static EvaluationRun of(String runId, Instant start, Instant end, Setting setting, FileDigest weights, DataFiles data,
                            EvaluationCounts counts, String misclassifiedOut, Images images) {
        List<Double> perClass = new ArrayList<>();
        for (double a : counts.perClassAccuracy()) {
            perClass.add(Double.isNaN(a) ? null : a);
        }
        boolean passed = setting.minAccuracy() == null || counts.accuracy() >= setting.minAccuracy();
        Instant from = start.truncatedTo(ChronoUnit.MILLIS);
        Instant to = end.truncatedTo(ChronoUnit.MILLIS);
        return new EvaluationRun(SCHEMA, runId, from.toString(), to.toString(), Duration.between(from, to).toMillis() / 1000.0,
                setting.master(), setting.applicationId(), setting.sparkVersion(), weights, data,
                setting.batchSize(), setting.partitions(), counts.examples(), counts.correct(), counts.accuracy(),
                setting.minAccuracy(), passed, perClass, counts.confusion(), counts.meanCrossEntropy(), counts.meanSquaredError(),
                counts.misclassified(), counts.misclassifiedCount(), misclassifiedOut, images);
    }

    /** @return the start time, for ordering runs */
    public Instant started() {
        return Instant.parse(startTime);
    }
}
