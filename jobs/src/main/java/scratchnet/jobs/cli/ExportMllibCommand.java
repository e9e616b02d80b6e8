package scratchnet.jobs.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import scratchnet.jobs.io.DirectoryOutput;
import scratchnet.jobs.io.HadoopFiles;
import scratchnet.jobs.scoring.NetworkFiles;
import scratchnet.jobs.scoring.MllibModels;
import scratchnet.jobs.spark.SparkJobs;

/**
 * {@code export-mllib}: the network as MLlib's {@code MultilayerPerceptronClassificationModel},
 * saved where {@code MultilayerPerceptronClassificationModel.load} reads it ({@link MllibModels}).
 */
@CommandLine.Command(name = "export-mllib", description = {"Save the network as an MLlib multilayer perceptron model.",
        "The model is a saved MultilayerPerceptronClassificationModel directory.",
        "MultilayerPerceptronClassificationModel.load(URI) reads it; every --weights option accepts it."})
public final class ExportMllibCommand implements Command {
    @Mixin
    private WeightsOption weights;

    @Option(names = "--out", paramLabel = "URI", converter = Values.Output.class, required = true, description = "The model directory; it must not exist unless --overwrite.")
    private String outUri;

    @Option(names = "--overwrite", description = "Replace an existing model directory (only once the new one is complete).")
    private boolean overwrite;

    @Override
    public void run(PrintStream out, PrintStream err) throws Exception {
        try (JavaSparkContext sc = SparkJobs.start(name())) {
            SparkJobs.session(sc);
            HadoopFiles.requireOutput(outUri, sc.hadoopConfiguration());
            NetworkFiles.Loaded weights = this.weights.read(sc.hadoopConfiguration());
            MultilayerPerceptronClassificationModel model = MllibModels.toMllib(weights.network());
            String uri = DirectoryOutput.write(outUri, "MLlib model", overwrite, sc.hadoopConfiguration(), tmp -> SparkJobs.settleOnFailure(sc.sc(), () -> save(model, tmp))).toString();
            out.println("wrote " + uri + ": MultilayerPerceptronClassificationModel, layers " + weights.network().sizes()
                    + ", " + model.weights().size() + " weights, from " + weights.source());
        }
    }

    private static void save(MultilayerPerceptronClassificationModel model, String uri) {
        try {
            model.write().save(uri);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
