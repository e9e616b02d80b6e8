package scratchnet.jobs.scoring;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;

import scratchnet.core.BadInputException;
import scratchnet.core.data.MnistSet;
import scratchnet.core.net.LayerSizes;
import scratchnet.core.net.Network;
import scratchnet.jobs.io.HadoopFiles;

/**
 * MLlib's {@link MultilayerPerceptronClassificationModel} is this very network: affine layers with
 * sigmoid between them and softmax on top. Its weights are one vector, layer after layer, each
 * layer its {@code out × in} matrix in column-major order (MLlib's {@code AffineLayerModel}),
 * which is our row-major {@code in × out} {@code W} as it is, then its {@code out} biases.
 */
public final class MllibModels {
    /** The class a saved model's metadata names. */
    public static final String MODEL_CLASS = MultilayerPerceptronClassificationModel.class.getName();
    private static final int CLASSES = 10;
    /** A saved model's metadata is one JSON line of a few hundred bytes; a larger file is not one. */
    private static final long MAX_METADATA_BYTES = 1 << 20;

    private MllibModels() {
    }

    /** @return MLlib's model of the same layers and weights (the floats widened to doubles, exactly) */
    public static MultilayerPerceptronClassificationModel toMllib(Network network) {
        LayerSizes sizes = network.sizes();
        double[] flat = new double[sizes.parameterCount()];
        int at = 0;
        for (int i = 0; i < sizes.layerCount(); i++) {
            for (float w : network.weights(i)) {
                flat[at++] = w;
            }
            for (float b : network.biases(i)) {
                flat[at++] = b;
            }
        }
        MultilayerPerceptronClassificationModel model =
                new MultilayerPerceptronClassificationModel(Identifiable.randomUID("mlpc"), Vectors.dense(flat));
        return model.copy(new ParamMap().put(model.layers(), sizes.sizes().clone()));
    }

    /**
     * @param model  MLlib's model
     * @param source where it came from, for error messages
     * @return the network of its weights, rounded to float32 as the project stores weights
     * @throws BadInputException when its layers are not 784-…-10 or the weights do not fit them
     */
    public static Network fromMllib(MultilayerPerceptronClassificationModel model, String source) {
        int[] layers = model.getLayers();
        if (layers.length < 2 || layers[0] != MnistSet.PIXELS || layers[layers.length - 1] != CLASSES
                || Arrays.stream(layers).anyMatch(n -> n < 1)) {
            throw new BadInputException(source + ": an MLlib model of layers " + Arrays.toString(layers)
                    + ", not 784-...-10: it does not classify MNIST digits");
        }
        LayerSizes sizes;
        try {
            sizes = new LayerSizes(layers);
        } catch (BadInputException e) {
            throw new BadInputException(source + ": " + e.getMessage(), e);
        }
        double[] flat = model.weights().toArray();
        if (flat.length != sizes.parameterCount()) {
            throw new BadInputException(source + ": " + flat.length + " weights, but layers " + sizes + " need " + sizes.parameterCount());
        }
        float[][] weights = new float[sizes.layerCount()][];
        float[][] biases = new float[sizes.layerCount()][];
        int at = 0;
        for (int i = 0; i < sizes.layerCount(); i++) {
            weights[i] = floats(flat, at, sizes.size(i) * sizes.size(i + 1), source);
            at += weights[i].length;
            biases[i] = floats(flat, at, sizes.size(i + 1), source);
            at += biases[i].length;
        }
        return new Network(sizes, weights, biases);
    }

    private static float[] floats(double[] flat, int from, int n, String source) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) flat[from + i];
            if (!Float.isFinite(out[i])) {
                throw new BadInputException(source + ": weight " + (from + i) + " is " + flat[from + i] + " (not a finite float32)");
            }
        }
        return out;
    }

    /**
     * Tells a saved spark.ml model by its content: a directory whose {@code metadata/} names a class.
     *
     * @return the class its metadata names, or {@code null} when the path is not a saved model
     */
    public static String savedModelClass(Path dir, Configuration conf) {
        FileSystem fs = HadoopFiles.fileSystem(dir, conf);
        try {
            if (!fs.getFileStatus(dir).isDirectory()) {
                return null;
            }
            Path metadata = new Path(dir, "metadata");
            if (!fs.exists(metadata)) {
                return null;
            }
            for (FileStatus part : fs.listStatus(metadata)) {
                if (!part.isDirectory() && part.getPath().getName().startsWith("part-")) {
                    HadoopFiles.requireFile(part.getPath(), conf);
                    if (part.getLen() == 0) {
                        continue;
                    }
                    if (part.getLen() > MAX_METADATA_BYTES) {
                        throw new BadInputException(part.getPath() + ": " + part.getLen() + " bytes is too large for a saved model's metadata"
                                + " (at most " + MAX_METADATA_BYTES + ")");
                    }
                    try (InputStream in = fs.open(part.getPath())) {
                        String line = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().findFirst().orElse("");
                        JsonNode cls = new ObjectMapper().readTree(line).get("class");
                        return cls == null ? null : cls.asText();
                    }
                }
            }
            return null;
        } catch (FileNotFoundException e) {
            return null;
        } catch (IOException e) {
            throw new BadInputException(dir + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a saved MLlib model (through the active Spark session).
     *
     * @throws BadInputException when it is another kind of model or not 784-…-10
     */
    public static Network load(Path dir, Configuration conf) {
        String cls = savedModelClass(dir, conf);
        if (!MODEL_CLASS.equals(cls)) {
            throw new BadInputException(dir + ": a saved " + cls + ", not a " + MODEL_CLASS);
        }
        HadoopFiles.requireInput(dir, conf);
        if (!HadoopFiles.exists(new Path(dir, "data"), conf)) {
            throw new BadInputException(dir + ": a saved model without its data/ folder (its weights): an incomplete copy?");
        }
        return fromMllib(MultilayerPerceptronClassificationModel.load(dir.toString()), dir.toString());
    }
}
