package scratchnet.jobs.training;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

import scratchnet.jobs.io.FileDigests;
import scratchnet.jobs.io.ProjectJson;


/**
 * {@code model.json}: the provenance of trained weights, as Tribuo's models carry theirs — how they
 * were trained (the command line and every hyper-parameter), on which data (the SHA-256 of each
 * file), with what result, how long it took and on which Spark.
 */
public final class ModelCard {

    private ModelCard() {
    }

    /** @return the SHA-256 of each file, by file name (read through the Hadoop FileSystem API) */
    static Map<String, String> dataSha256(List<String> uris, Configuration conf) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String uri : uris) {
            out.put(new Path(uri).getName(), FileDigests.sha256(uri, conf));
        }
        return out;
    }

    /**
     * @param commandLine  the command and its options as given
     * @param settings     the resolved settings
     * @param data         where the data came from and the files' SHA-256
     * @param result       the run's result
     * @param weightsSha   the SHA-256 of the {@code weights.npz} written beside it
     * @param run          where it ran: Spark version, master, cached memory
     */
    static byte[] json(List<String> commandLine, TrainingSettings settings, Map<String, Object> data, Training.Result result,
                       String weightsSha, Map<String, Object> run) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", "scratchnet model 1");
        m.put("weights", "weights.npz");
        m.put("weights_sha256", weightsSha);
        m.put("command", "submit.sh " + String.join(" ", commandLine));
        m.put("hyperparameters", settings.hyperparameters());
        m.put("seed", settings.seed());
        m.put("data", data);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("iterations", result.iterations());
        r.put("epochs", (double) result.iterations() / settings.iterationsPerEpoch());
        r.put("train_accuracy", result.trainAcc());
        r.put("test_accuracy", result.testAcc());
        double[] losses = result.curves().losses();
        r.put("final_loss", losses.length == 0 ? null : losses[losses.length - 1]);
        r.put("stopped", result.stop());
        m.put("results", r);
        m.put("duration_seconds", Math.round(result.seconds() * 1000) / 1000.0);
        m.put("run", run);
        m.put("created", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        return ProjectJson.bytes(m);
    }
}
