package scratchnet.jobs.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import org.apache.spark.api.java.JavaSparkContext;

import scratchnet.core.BadInputException;
import scratchnet.core.net.Init;
import scratchnet.core.net.LayerSizes;
import scratchnet.core.net.Optimizer;
import scratchnet.core.text.PythonFormat;
import scratchnet.jobs.io.DataDirs;
import scratchnet.jobs.spark.SparkJobs;
import scratchnet.jobs.spark.StartupTuning;
import scratchnet.jobs.training.ShardSampling;
import scratchnet.jobs.training.TrainingJob;
import scratchnet.jobs.training.TrainingSettings;

/**
 * {@code train}: distributed mini-batch training of the book's sigmoid/softmax network; its
 * options checked here, the run itself in {@link TrainingJob}.
 */
public final class TrainCommand implements Command {
    /** Where outputs go without {@code --out}. */
    public static final String DEFAULT_OUT = "out/train";
    private static final int MAX_WIDTH = 4096;

    @Override
    public String name() {
        return "train";
    }

    @Override
    public String synopsis() {
        return "[--data URI] [--hidden 50,100] [--batch-size N] [--iters N | --epochs N] [--target-accuracy X] [--lr X] "
                + "[--optimizer sgd|momentum|adagrad|adam] [--init 0.01|xavier|he] [--seed N] [--partitions N] [--local-steps K] "
                + "[--sampling replacement|shuffle] [--train-accuracy on|off] [--out URI] [--overwrite] [--checkpoint-every N] [--resume]";
    }

    @Override
    public java.util.Set<String> flags() {
        return java.util.Set.of("overwrite", "resume");
    }

    @Override
    public void run(Options options, PrintStream out, PrintStream err) throws Exception {
        String data = options.string("data", null);
        LayerSizes sizes = parseHidden(options.string("hidden", "50,100"));
        int batchSize = options.integer("batch-size", 100, 1);
        int iters = options.integer("iters", 0, 1);
        int epochs = options.integer("epochs", 0, 1);
        double target = options.number("target-accuracy", Double.NaN, 0, 1);
        String optimizer = options.string("optimizer", "sgd");
        if (!Optimizer.NAMES.contains(optimizer)) {
            throw new UsageException("train: --optimizer must be one of " + String.join(", ", Optimizer.NAMES) + ", got '" + optimizer + "'");
        }
        double lr = options.number("lr", Double.NaN, -Double.MAX_VALUE, Double.MAX_VALUE);
        if (Double.isNaN(lr)) {
            lr = Optimizer.defaultLr(optimizer);
        } else if (!(lr > 0)) {
            throw new UsageException("train: --lr must be positive, got " + PythonFormat.repr(lr));
        }
        Init init;
        try {
            init = Init.parse(options.string("init", Init.BOOK.name()));
        } catch (BadInputException e) {
            throw new UsageException("train: " + e.getMessage());
        }
        long seed = parseLong(options.string("seed", "0"), "seed");
        int partitions = options.integer("partitions", 0, 1);
        int localSteps = options.integer("local-steps", 1, 1);
        String trainAcc = options.string("train-accuracy", "on");
        if (!trainAcc.equals("on") && !trainAcc.equals("off")) {
            throw new UsageException("train: --train-accuracy must be on or off, got '" + trainAcc + "'");
        }
        String sampling = options.string("sampling", "replacement");
        if (!ShardSampling.MODES.contains(sampling)) {
            throw new UsageException("train: --sampling must be replacement or shuffle, got '" + sampling + "'");
        }
        String outUri = options.string("out", DEFAULT_OUT);
        boolean overwrite = options.flag("overwrite");
        int checkpointEvery = options.integer("checkpoint-every", -1, 0);
        boolean resume = options.flag("resume");
        List<String> commandLine = options.commandLine();
        options.checkAllUsed();
        if (iters > 0 && epochs > 0) {
            throw new UsageException("train: give --iters or --epochs, not both");
        }
        if (resume && overwrite) {
            throw new UsageException("train: --resume continues the run in --out; --overwrite would start it again: give one of them");
        }

        String dataDir = DataDirs.resolve(data, err);
        StartupTuning.beforeTraining(sizes, batchSize, partitions, optimizer, !Double.isNaN(target));
        TrainingJob.Request request = new TrainingJob.Request(dataDir, sizes, batchSize, iters, epochs, target, optimizer, lr, init, seed,
                partitions, localSteps, trainAcc.equals("on"), sampling, outUri, overwrite,
                checkpointEvery < 0 ? TrainingSettings.CHECKPOINT_BY_TIME : checkpointEvery, resume, commandLine);
        try (JavaSparkContext sc = SparkJobs.start(name())) {
            TrainingJob.run(sc, request, out, err);
        }
    }

    /**
     * @param text {@code 50,100}: the hidden layers' widths; {@code none} for no hidden layer
     * @return {@code 784-…-10}
     * @throws UsageException when a width is not a positive integer up to 4096
     */
    static LayerSizes parseHidden(String text) {
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
                    throw new UsageException("train: --hidden must list the hidden layers' widths (1 to " + MAX_WIDTH
                            + ") separated by commas, such as 50,100, or be none; got '" + text + "'");
                }
                widths.add(w);
            }
        }
        widths.add(10);
        return new LayerSizes(widths.stream().mapToInt(Integer::intValue).toArray());
    }

    private static long parseLong(String text, String option) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("train: --" + option + " must be an integer, got '" + text + "'");
        }
    }
}
