package scratchnet.jobs.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import scratchnet.core.BadInputException;
import scratchnet.core.net.Network;
import scratchnet.core.text.PythonFormat;
import scratchnet.jobs.gradcheck.GradientCheck;
import scratchnet.jobs.io.DataDirs;
import scratchnet.jobs.io.MnistBatch;
import scratchnet.jobs.io.MnistSource;
import scratchnet.jobs.spark.SparkJobs;

/**
 * {@code gradcheck}: the book's {@code gradient_check.py} as a Spark job. The backprop gradient of
 * the loss on the first {@code --samples} training images is compared with the numerical gradient
 * (central differences, {@code h = 1e-4}, float64) of every parameter; the numerical gradient, two
 * loss evaluations per parameter for ~45,000 parameters, is spread over Spark tasks, each
 * perturbing its own slice of the parameters in its own copy of the network. Prints
 * {@code key:mean |backprop - numerical|} for {@code W1, b1, …}, as the book does.
 */
@CommandLine.Command(name = "gradcheck", description = {"Compare backprop's gradient with the numerical gradient.",
        "The numerical gradient is spread over Spark tasks; prints the mean difference per parameter, as the book does."})
public final class GradcheckCommand implements Command {

    @Mixin
    private WeightsOption weights;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "3", converter = Values.AtLeast1.class,
            description = "Training images the loss is taken over, at least 1.")
    private int samples;

    @Mixin
    private DataOption data;

    @Option(names = "--partitions", paramLabel = "N", converter = Values.Partitions.class,
            description = "Tasks the parameters are spread over, at least 1; default: 4 times Spark's default parallelism.")
    private Integer partitions;

    @Override
    public void run(PrintStream out, PrintStream err) throws Exception {
        String dataDir = DataDirs.resolve(data.uri, err);
        try (JavaSparkContext sc = SparkJobs.start(name())) {
            Network network = weights.read(sc.hadoopConfiguration()).network();
            MnistSource train = MnistSource.open(dataDir, true, sc.hadoopConfiguration());
            if (samples > train.count()) {
                throw new BadInputException("--samples " + samples + " is more than the training set's " + train.count() + " images");
            }
            MnistBatch batch = train.read(0, samples, sc.hadoopConfiguration());
            int tasks = partitions != null ? partitions : 4 * sc.defaultParallelism();
            long start = System.nanoTime();
            GradientCheck.Result r = GradientCheck.check(sc, network, batch, tasks);
            double seconds = (System.nanoTime() - start) / 1e9;
            for (Map.Entry<String, Double> e : r.meanAbs().entrySet()) {
                out.println(e.getKey() + ":" + PythonFormat.repr(e.getValue()));
            }
            err.printf(Locale.ROOT, "%d parameters of %s, %d image%s, %s; numerical gradient in %d task%s, %.2f s%n",
                    network.sizes().parameterCount(), network.sizes(), samples, samples == 1 ? "" : "s",
                    weights.name(), tasks, tasks == 1 ? "" : "s", seconds);
            StringBuilder max = new StringBuilder("max abs diff:");
            r.maxAbs().forEach((k, v) -> max.append(' ').append(k).append(' ').append(String.format(Locale.ROOT, "%.3g", v)));
            err.println(max);
        }
    }
}
