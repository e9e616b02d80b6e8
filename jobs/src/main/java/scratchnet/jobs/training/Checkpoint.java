package scratchnet.jobs.training;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import scratchnet.core.BadInputException;
import scratchnet.core.array.F64Array;
import scratchnet.core.array.NdArray;
import scratchnet.core.io.Npz;
import scratchnet.core.net.LayerSizes;
import scratchnet.core.net.Optimizer;
import scratchnet.core.net.Params;
import scratchnet.jobs.io.FileDigests;
import scratchnet.jobs.io.HadoopFiles;
import scratchnet.jobs.io.HadoopOutput;
import scratchnet.jobs.io.ProjectJson;

/**
 * Everything needed to continue a run exactly where it stopped: the step, the weights, the
 * optimizer's state, the curves so far and the settings they came from. Written into the output
 * directory as {@code checkpoint-<step>.npz} (arrays: {@code W1, b1, …}, the optimizer state as
 * {@code v.W1, …}, the losses) and {@code checkpoint.json} (the rest, and the archive's name and
 * SHA-256). Each file is written atomically; {@code checkpoint.json} is written last, so a run killed
 * at any moment leaves either the old checkpoint or the new one, never half of one. Mini-batches
 * depend only on the seed, the step and the partition, so a resumed run continues exactly as the
 * uninterrupted one would have.
 *
 * @param iteration      steps done
 * @param optimizerSteps updates the optimizer has made
 * @param params         the weights, in key order
 * @param state          the optimizer's state by name, each in key order
 * @param losses         the loss of every step so far
 * @param evaluations    the evaluations so far
 * @param seconds        training time so far (all sessions)
 * @param settings       the settings that must not change on resume ({@link TrainingSettings#fingerprint()})
 */
public record Checkpoint(long iteration, long optimizerSteps, float[][] params, Map<String, float[][]> state, double[] losses,
                  List<TrainingCurves.EpochAccuracy> evaluations, double seconds, Map<String, String> settings) {
    public static final String JSON = "checkpoint.json";
    private static final String FORMAT = "scratchnet checkpoint 1";
    private static final ObjectMapper MAPPER = ProjectJson.MAPPER;
    /** A plain name, so that the archive lies beside checkpoint.json: never a path or a URI elsewhere. */
    private static final Pattern ARCHIVE = Pattern.compile("checkpoint-[0-9]{1,19}\\.npz");

    /** @return whether a directory holds a checkpoint */
    static boolean exists(Path dir, Configuration conf) {
        return HadoopFiles.isFile(new Path(dir, JSON), conf);
    }

    /** Writes this checkpoint into {@code dir}, then removes the archives of older ones. */
    void write(Path dir, LayerSizes sizes, Configuration conf) {
        Map<String, NdArray> arrays = new LinkedHashMap<>(Params.arrays(sizes, params, ""));
        for (Map.Entry<String, float[][]> e : state.entrySet()) {
            arrays.putAll(Params.arrays(sizes, e.getValue(), e.getKey() + "."));
        }
        arrays.put("loss", new F64Array(new int[] {losses.length}, losses.clone()));
        java.io.ByteArrayOutputStream npz = new java.io.ByteArrayOutputStream();
        Npz.write(arrays, npz);
        byte[] bytes = npz.toByteArray();
        String name = archiveName(iteration);
        HadoopOutput.writeAtomically(new Path(dir, name).toString(), true, conf, out -> out.write(bytes));

        ObjectNode json = MAPPER.createObjectNode();
        json.put("format", FORMAT);
        json.put("iteration", iteration);
        json.put("optimizer_steps", optimizerSteps);
        json.put("npz", name);
        json.put("npz_sha256", FileDigests.sha256(bytes));
        json.put("seconds", seconds);
        ObjectNode s = json.putObject("settings");
        settings.forEach(s::put);
        json.putArray("state").addAll(state.keySet().stream().map(json::textNode).toList());
        ArrayNode evals = json.putArray("evaluations");
        for (TrainingCurves.EpochAccuracy e : evaluations) {
            ObjectNode o = evals.addObject();
            o.put("iteration", e.iteration());
            o.put("epoch", e.epoch());
            if (!Double.isNaN(e.trainAcc())) {
                o.put("train_acc", e.trainAcc());
            }
            o.put("test_acc", e.testAcc());
        }
        byte[] text = ProjectJson.bytes(json);
        HadoopOutput.writeAtomically(new Path(dir, JSON).toString(), true, conf, out -> out.write(text));
        removeOlder(dir, name, conf);
    }

    /** @return the name of the archive of the checkpoint at {@code step} */
    static String archiveName(long step) {
        return String.format(Locale.ROOT, "checkpoint-%09d.npz", step);
    }

    private static void removeOlder(Path dir, String keep, Configuration conf) {
        FileSystem fs = HadoopFiles.fileSystem(dir, conf);
        try {
            for (FileStatus f : fs.listStatus(dir)) {
                String n = f.getPath().getName();
                if (n.startsWith("checkpoint-") && n.endsWith(".npz") && !n.equals(keep)) {
                    fs.delete(f.getPath(), false);
                }
            }
        } catch (IOException e) {
            // an old archive left behind is harmless: checkpoint.json names the current one
        }
    }

    /**
     * Reads the checkpoint in {@code dir}.
     *
     * @throws BadInputException when there is none, or it is damaged or does not fit the network
     */
    static Checkpoint read(Path dir, LayerSizes sizes, Configuration conf) {
        Path jsonPath = new Path(dir, JSON);
        if (!HadoopFiles.isFile(jsonPath, conf)) {
            throw new BadInputException(dir + ": no checkpoint to resume (" + JSON + " is missing)");
        }
        JsonNode json;
        try {
            json = MAPPER.readTree(HadoopFiles.readAll(jsonPath.toString(), conf));
        } catch (IOException e) {
            throw new BadInputException(jsonPath + ": not a checkpoint: " + e.getMessage(), e);
        }
        if (!FORMAT.equals(json.path("format").asText())) {
            throw new BadInputException(jsonPath + ": not a scratchnet checkpoint");
        }
        String archive = json.path("npz").asText();
        if (!ARCHIVE.matcher(archive).matches()) {
            throw new BadInputException(jsonPath + ": names the archive '" + archive + "', which is not a checkpoint archive inside " + dir
                    + " (checkpoint-<step>.npz)");
        }
        Path npzPath = new Path(dir, archive);
        byte[] bytes = HadoopFiles.readAll(npzPath.toString(), conf);
        if (!FileDigests.sha256(bytes).equals(json.path("npz_sha256").asText())) {
            throw new BadInputException(npzPath + ": SHA-256 differs from the one " + JSON + " recorded (damaged checkpoint)");
        }
        Map<String, NdArray> arrays = Npz.read(bytes, npzPath.toString());
        float[][] params = Params.fromArrays(sizes, arrays, "", npzPath.toString());
        if (params == null) {
            throw new BadInputException(npzPath + ": no weights W1, b1, … for network " + sizes);
        }
        Map<String, float[][]> state = new LinkedHashMap<>();
        for (JsonNode n : json.path("state")) {
            float[][] s = Params.fromArrays(sizes, arrays, n.asText() + ".", npzPath.toString());
            if (s == null) {
                throw new BadInputException(npzPath + ": optimizer state " + n.asText() + " is missing");
            }
            state.put(n.asText(), s);
        }
        NdArray loss = arrays.get("loss");
        if (!(loss instanceof F64Array l) || l.size() != json.path("iteration").asLong()) {
            throw new BadInputException(npzPath + ": the losses do not match step " + json.path("iteration").asLong());
        }
        // checked whole before any step: a tampered or damaged value would otherwise pass for a diverged run
        requireFinite(npzPath, "", params);
        state.forEach((name, arrays1) -> requireFinite(npzPath, name + ".", arrays1));
        for (int i = 0; i < l.data().length; i++) {
            if (!Double.isFinite(l.data()[i])) {
                throw new BadInputException(npzPath + ": loss[" + i + "] is " + l.data()[i] + ": a checkpoint holds only finite values (damaged or altered)");
            }
        }
        if (json.path("optimizer_steps").asLong() < 0 || json.path("iteration").asLong() < 0) {
            throw new BadInputException(jsonPath + ": its iteration and optimizer_steps must not be negative");
        }
        List<TrainingCurves.EpochAccuracy> evals = new ArrayList<>();
        for (JsonNode e : json.path("evaluations")) {
            evals.add(new TrainingCurves.EpochAccuracy(e.path("iteration").asLong(), e.path("epoch").asDouble(),
                    e.has("train_acc") ? e.path("train_acc").asDouble() : Double.NaN, e.path("test_acc").asDouble()));
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (java.util.Map.Entry<String, JsonNode> e : json.path("settings").properties()) {
            // checkpoints written before the keys became snake_case have them as the options' names (batch-size)
            settings.put(e.getKey().replace('-', '_'), e.getValue().asText());
        }
        return new Checkpoint(json.path("iteration").asLong(), json.path("optimizer_steps").asLong(), params, state,
                l.data().clone(), evals, json.path("seconds").asDouble(), settings);
    }

    private static void requireFinite(Path npz, String prefix, float[][] arrays) {
        for (int i = 0; i < arrays.length; i++) {
            for (int j = 0; j < arrays[i].length; j++) {
                if (!Float.isFinite(arrays[i][j])) {
                    throw new BadInputException(npz + ": " + prefix + Params.key(i) + "[" + j + "] is " + arrays[i][j]
                            + ": a checkpoint holds only finite values (damaged or altered)");
                }
            }
        }
    }

    /**
     * Checks the checkpoint against the run resuming it, whole: every setting of the run recorded
     * and equal, none unknown, and exactly the optimizer state the run's optimizer needs.
     *
     * @throws BadInputException naming the file and the first setting or state array that does not fit
     */
    void checkSettings(Map<String, String> current, Path dir) {
        Path json = new Path(dir, JSON);
        for (Map.Entry<String, String> e : current.entrySet()) {
            String saved = settings.get(e.getKey());
            String option = "--" + e.getKey().replace('_', '-');
            if (saved == null) {
                throw new BadInputException(json + ": records no setting '" + e.getKey() + "' (a checkpoint names every setting its weights"
                        + " depend on): it cannot be resumed as " + option + " " + e.getValue());
            }
            if (!saved.equals(e.getValue())) {
                throw new BadInputException("--resume: " + option + " " + e.getValue() + " differs from the checkpoint's " + saved
                        + " (setting '" + e.getKey() + "' in " + json + "; resume with the same settings)");
            }
        }
        for (String key : settings.keySet()) {
            if (!current.containsKey(key)) {
                throw new BadInputException(json + ": records a setting '" + key + "' this version does not know: not resumed");
            }
        }
        List<String> needed = optimizerSteps == 0 ? List.of() : Optimizer.Kind.parse(current.get("optimizer")).create(1).stateNames();
        if (!state.keySet().equals(java.util.Set.copyOf(needed))) {
            throw new BadInputException(new Path(dir, archiveName(iteration)) + ": optimizer " + current.get("optimizer") + " after "
                    + optimizerSteps + " updates needs the state " + needed + ", the checkpoint holds " + new java.util.TreeSet<>(state.keySet()));
        }
    }
}
