package scratchnet.jobs.scoring;

import java.io.ByteArrayOutputStream;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;

import scratchnet.core.io.BookWeights;
import scratchnet.core.io.WeightsFile;
import scratchnet.core.net.Network;
import scratchnet.jobs.io.FileDigests;
import scratchnet.jobs.io.HadoopFiles;

/**
 * What a {@code --weights} option names: {@value BookWeights#NAME} (the book's weights in the
 * application jar), or a file told by content: the book's {@code .pkl}, our {@code .npz}, an ONNX
 * model ({@link scratchnet.core.io.OnnxReader}), a saved MLlib
 * {@code MultilayerPerceptronClassificationModel} directory, a saved {@code scratchnet.ml.ScratchnetModel}
 * directory (its {@value #SAVED_WEIGHTS}); when no option is given, the project's
 * model in the application jar.
 */
public final class NetworkFiles {
    /** The class a saved {@code scratchnet.ml.ScratchnetModel} directory's metadata names. */
    public static final String SAVED_MODEL_CLASS = "scratchnet.ml.ScratchnetModel";
    /** Where such a directory keeps its weights, as {@code .npz}. */
    public static final String SAVED_WEIGHTS = "data/weights.npz";

    /**
     * A network and where it came from.
     *
     * @param network the weights
     * @param source  the qualified path, or {@code classpath:…} for the weights in the jar
     * @param sha256  the file's SHA-256; for a saved MLlib model, that of the same weights as {@code .npz}
     */
    public record Loaded(Network network, String source, String sha256) {
    }

    private NetworkFiles() {
    }

    /**
     * @param uriOrNull the option's value ({@value BookWeights#NAME} for the book's weights), or {@code null} for the project's model
     * @param conf      the Hadoop configuration
     * @throws scratchnet.core.BadInputException when the file is none of the formats or is malformed
     */
    public static Loaded read(String uriOrNull, Configuration conf) {
        if (uriOrNull == null) {
            return fromBytes(ProjectModel.weights(), "classpath:" + ProjectModel.WEIGHTS);
        }
        if (uriOrNull.equals(BookWeights.NAME)) {
            return fromBytes(BookWeights.bytes(), BookWeights.SOURCE);
        }
        Path path = HadoopFiles.qualify(uriOrNull, conf);
        String saved = MllibModels.savedModelClass(path, conf);
        if (SAVED_MODEL_CLASS.equals(saved)) {
            Path weights = new Path(path, SAVED_WEIGHTS);
            return fromBytes(HadoopFiles.readAll(weights.toString(), conf), weights.toString());
        }
        if (saved != null) {
            // MLlib reads its models with Spark SQL: over the running context, or one started for it
            SparkSession.builder().sparkContext(SparkContext.getOrCreate()).getOrCreate();
            Network network = MllibModels.load(path, conf);
            ByteArrayOutputStream npz = new ByteArrayOutputStream();
            WeightsFile.writeNpz(network.toArrays(), npz);
            return new Loaded(network, path.toString(), FileDigests.sha256(npz.toByteArray()));
        }
        return fromBytes(HadoopFiles.readAll(path.toString(), conf), path.toString());
    }

    private static Loaded fromBytes(byte[] bytes, String source) {
        return new Loaded(WeightsFile.readNetwork(bytes, source), source, FileDigests.sha256(bytes));
    }
}
