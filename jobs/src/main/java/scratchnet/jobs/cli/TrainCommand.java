package scratchnet.jobs.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

import scratchnet.core.BadInputException;
import scratchnet.core.data.MnistFile;
import scratchnet.core.net.Init;
import scratchnet.core.net.LayerSizes;
import scratchnet.core.net.Optimizer;
import scratchnet.jobs.io.DataDirs;
import scratchnet.jobs.io.HadoopFiles;
import scratchnet.jobs.spark.SparkJobs;
import scratchnet.jobs.spark.StartupTuning;
import scratchnet.jobs.training.TrainingJob;
import scratchnet.jobs.training.TrainingSettings;
import scratchnet.jobs.training.TrainingSettings.Engine;
import scratchnet.jobs.training.TrainingSettings.Sampling;
import scratchnet.jobs.training.TrainingSource;
import scratchnet.ml.TrainingTables;

/**
 * {@code train}: distributed mini-batch training of the book's sigmoid/softmax network, from MNIST's
 * IDX files or from a table ({@link TrainingTables}: {@code --format}, {@code --image-col},
 * {@code --label-col}, {@code --test-data}); its
 * options checked here, each given to {@link TrainingSettings} (where the settings are declared,
 * and what a run records of each), the run itself in {@link TrainingJob}.
 */
@CommandLine.Command(name = "train", description = {"Train the network by distributed mini-batch SGD.",
        "Writes weights.npz, model.json and the curves into --out; stops early once the test accuracy reaches --target-accuracy."})
public final class TrainCommand implements Command {
    /** Where outputs go without {@code --out}. */
    public static final String DEFAULT_OUT = "out/train";
    private static final int MAX_WIDTH = 4096;
    /** The most weights and biases a network may have. */
    private static final long MAX_WEIGHTS = 20_000_000;

    @Mixin
    private DataOption data;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "Read --data (and --test-data) as a table of this Spark format: parquet, orc, json, csv, delta, ...; "
                    + "default: IDX files when --data holds MNIST's, else parquet.")
    private String format;

    @Option(names = "--image-col", paramLabel = "NAME", defaultValue = "image",
            description = "A table's image column: binary (784 bytes), array<float>, array<double> or a vector (784 values).")
    private String imageCol;

    @Option(names = "--label-col", paramLabel = "NAME", defaultValue = "label", description = "A table's label column (whole numbers 0-9).")
    private String labelCol;

    @Option(names = "--test-data", paramLabel = "URI", description = "A table of the same format and columns to measure the test accuracy on; "
            + "default for a table: none.")
    private String testData;

    @Option(names = "--hidden", paramLabel = "W,...", defaultValue = "50,100", converter = Hidden.class,
            description = "The hidden layers' widths (1 to " + MAX_WIDTH + "), separated by commas, or none.")
    private LayerSizes sizes;

    @Mixin
    private BatchSizeOption batch;

    @Option(names = "--iters", paramLabel = "N", converter = Values.AtLeast1.class,
            description = "Mini-batch steps to run, at least 1 (not with --epochs); default: the book's "
                    + TrainingSettings.DEFAULT_ITERATIONS + ".")
    private Integer iters;

    @Option(names = "--epochs", paramLabel = "N", converter = Values.AtLeast1.class, description = "Epochs to run, at least 1 (not with --iters).")
    private Integer epochs;

    @Option(names = "--target-accuracy", paramLabel = "X", converter = Values.Fraction.class,
            description = "Stop at the first evaluation whose test accuracy reaches X, between 0 and 1.")
    private Double target;

    @Option(names = "--lr", paramLabel = "X", converter = Values.Positive.class,
            description = "The learning rate, positive; default: the optimizer's (sgd and momentum 0.1, adagrad 0.01, adam 0.001).")
    private Double lr;

    @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "sgd", converter = Optimizers.class,
            description = "sgd, momentum, adagrad or adam.")
    private Optimizer.Kind optimizer;

    @Option(names = "--init", paramLabel = "INIT", converter = Inits.class,
            description = "The initial weights: a standard deviation, or xavier or he.")
    private Init init = Init.BOOK;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", converter = Values.Whole.class,
            description = "Seeds the initial weights and every mini-batch.")
    private long seed;

    @Mixin
    private PartitionsOption partitions;

    @Option(names = "--local-steps", paramLabel = "K", defaultValue = "1", converter = Values.AtLeast1.class,
            description = "1: synchronous SGD, the book's algorithm; K > 1: local SGD, the models averaged every K steps.")
    private int localSteps;

    @Option(names = "--engine", paramLabel = "barrier|jobs", defaultValue = "barrier", converter = Engines.class,
            description = "How synchronous SGD runs: barrier (many steps per Spark job, the tasks adding their sums directly; "
                    + "one job per step where Spark cannot run barrier stages) or jobs (one Spark job per step). The weights are the same.")
    private Engine engine;

    @Option(names = "--sampling", paramLabel = "MODE", defaultValue = "replacement", converter = Samplings.class,
            description = "replacement (the book's np.random.choice) or shuffle (each image once per epoch).")
    private Sampling sampling;

    @Option(names = "--train-accuracy", paramLabel = "on|off", defaultValue = "on", converter = Values.OnOff.class,
            description = "Whether every evaluation measures the train accuracy too, as the book prints it.")
    private Values.Switch trainAccuracy;

    @Option(names = "--out", paramLabel = "URI", converter = Values.Output.class, defaultValue = DEFAULT_OUT, description = "The output directory.")
    private String outUri;

    @Option(names = "--overwrite", description = "Replace the files of an earlier run in --out.")
    private boolean overwrite;

    @Option(names = "--checkpoint-every", paramLabel = "N", converter = Values.AtLeast0.class,
            description = "Write a checkpoint every N steps (0: only at the end); default: at epoch ends, at least "
                    + TrainingSettings.CHECKPOINT_SECONDS + " s apart.")
    private Integer checkpointEvery;

    @Option(names = "--resume", description = "Continue the run in --out from its checkpoint, with the same settings.")
    private boolean resume;

    @Spec
    private CommandSpec spec;

    /** The optimizers by their names. */
    static final class Optimizers extends Values.OneOfEnum<Optimizer.Kind> {
        Optimizers() {
            super(Optimizer.Kind.values());
        }
    }

    /** The ways a partition samples its share. */
    static final class Samplings extends Values.OneOfEnum<Sampling> {
        Samplings() {
            super(Sampling.values());
        }
    }

    /** The engines by their names. */
    static final class Engines extends Values.OneOfEnum<Engine> {
        Engines() {
            super(Engine.values());
        }
    }

    /** {@link Init#parse}, its refusal a usage error. */
    static final class Inits implements ITypeConverter<Init> {
        @Override
        public Init convert(String text) {
            try {
                return Init.parse(text);
            } catch (BadInputException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code 50,100} (the hidden layers' widths; {@code none} for no hidden layer) as {@code 784-…-10}. */
    static final class Hidden implements ITypeConverter<LayerSizes> {
        @Override
        public LayerSizes convert(String text) {
            List<Integer> widths = new ArrayList<>();
            widths.add(784);
            if (!text.trim().equalsIgnoreCase("none")) {
                for (String part : text.split(",", -1)) {
                    int w;
                    try {
                        w = Integer.parseInt(part.trim());
                    } catch (NumberFormatException e) {
                        w = -1;
                    }
                    if (w < 1 || w > MAX_WIDTH) {
                        throw new TypeConversionException("must list the hidden layers' widths (1 to " + MAX_WIDTH
                                + ") separated by commas, such as 50,100, or be none; got '" + text + "'");
                    }
                    widths.add(w);
                }
            }
            widths.add(10);
            long weights = 0;
            for (int i = 0; i + 1 < widths.size(); i++) {
                weights += (long) widths.get(i) * widths.get(i + 1) + widths.get(i + 1);
            }
            // Every task holds the weights, their gradient and the optimizer's state, several copies each.
            if (weights > MAX_WEIGHTS) {
                throw new TypeConversionException("'" + text + "' needs " + weights + " weights and biases, more than the limit of "
                        + MAX_WEIGHTS + " (" + MAX_WEIGHTS * 4 / 1_000_000 + " MB as float32)");
            }
            return new LayerSizes(widths.stream().mapToInt(Integer::intValue).toArray());
        }
    }

    /** @return MNIST's IDX files, or a table when a format or test table is given or --data does not hold MNIST's training files */
    private TrainingSource source(PrintStream err) throws IOException {
        boolean table = format != null || testData != null || (data.uri != null && !holdsMnist(data.uri));
        if (!table) {
            return TrainingSource.mnist(DataDirs.resolve(data.uri, err));
        }
        if (data.uri == null) {
            throw new UsageException("train: --format and --test-data read tables: give the training table with --data");
        }
        return TrainingTables.source(data.uri, testData, format == null ? "parquet" : format, imageCol, labelCol, sizes.inputSize(),
                sizes.outputSize());
    }

    /** @return whether a directory holds MNIST's training images (raw or gzipped), or is missing (which the IDX reader names) */
    private static boolean holdsMnist(String uri) throws IOException {
        Configuration conf = new Configuration();
        Path dir = HadoopFiles.qualify(uri, conf);
        String images = MnistFile.images(true).fileName;
        return !HadoopFiles.exists(dir, conf) || HadoopFiles.isFile(new Path(dir, images), conf)
                || HadoopFiles.isFile(new Path(dir, images + ".gz"), conf);
    }

    @Override
    public void run(PrintStream out, PrintStream err) throws Exception {
        if (iters != null && epochs != null) {
            throw new UsageException("train: give --iters or --epochs, not both");
        }
        if (resume && overwrite) {
            throw new UsageException("train: --resume continues the run in --out; --overwrite would start it again: give one of them");
        }
        // the command line as typed, for the model card's provenance
        List<String> commandLine = spec.commandLine().getParseResult().originalArgs();

        TrainingSource source = source(err);
        // an option not given is null here and in the settings
        TrainingSettings settings = new TrainingSettings(sizes, optimizer, lr, batch.size, iters == null ? null : (long) iters, epochs, init,
                seed, partitions.count, localSteps, sampling, checkpointEvery, target, trainAccuracy.on(),
                engine, null);
        StartupTuning.beforeTraining(sizes, batch.size, partitions.count, optimizer, target != null);
        try (JavaSparkContext sc = SparkJobs.start(name())) {
            HadoopFiles.requireOutput(outUri, sc.hadoopConfiguration());
            TrainingJob.run(sc, settings, source, outUri, overwrite, resume, commandLine, out, err);
        }
    }
}
