package scratchnet.jobs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;

import scratchnet.core.BadInputException;
import scratchnet.core.io.WeightsFile;
import scratchnet.core.net.Init;
import scratchnet.core.net.KernelWarmUp;
import scratchnet.core.net.LayerSizes;
import scratchnet.core.net.Optimizer;
import scratchnet.core.net.Params;
import scratchnet.core.text.PythonFormat;

/**
 * {@code train}: distributed mini-batch training of the book's sigmoid/softmax network
 * ({@link Training}), then its outputs in {@code --out}: {@code weights.npz} (the book's keys,
 * readable by {@code np.load} and {@code evaluate --weights}), {@code model.json} (provenance),
 * {@code curves.csv} and {@code curves.png}, and the last checkpoint. Every file is written
 * atomically through the Hadoop FileSystem API.
 */
public final class TrainCommand implements Command {
    /** Where outputs go without {@code --out}. */
    public static final String DEFAULT_OUT = "out/train";
    /** The book's 10,000 iterations. */
    public static final int DEFAULT_ITERATIONS = 10_000;
    private static final int MAX_WIDTH = 4096;
    private static final List<String> OUTPUTS = List.of("weights.npz", "model.json", "curves.csv", "curves.png", Checkpoint.JSON);

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
        if (System.getProperty("spark.master", "local").startsWith("local")) {
            // in a local master this JVM is the executor: get its training kernels compiled while Spark starts
            int guess = partitions > 0 ? partitions : Runtime.getRuntime().availableProcessors();
            new KernelWarmUp(sizes, share(batchSize, guess), optimizer).startInBackground(TrainingData.WARM_UP_MILLIS);
        }
        if (!Double.isNaN(target)) {
            // a run with a target cancels its last round; the first cancellation of a JVM is slow (CancellationWarmUp)
            CancellationWarmUp.startInBackground();
        }
        try (JavaSparkContext sc = SparkJobs.start(name())) {
            Configuration conf = sc.hadoopConfiguration();
            Path outDir = HadoopFiles.qualify(outUri, conf);
            Checkpoint checkpoint = null;
            if (resume) {
                checkpoint = Checkpoint.read(outDir, sizes, conf);
                if (partitions == 0) {
                    partitions = Integer.parseInt(checkpoint.settings().getOrDefault("partitions", "0"));
                }
            } else {
                prepare(outDir, overwrite, conf);
            }
            if (partitions == 0) {
                partitions = sc.defaultParallelism();
            }
            long loadStart = System.nanoTime();
            TrainingData td = TrainingData.open(sc, dataDir, partitions, new KernelWarmUp(sizes, share(batchSize, partitions), optimizer));
            try {
                long perEpoch = TrainingSettings.iterationsPerEpoch(td.trainCount, batchSize);
                long iterations = iters > 0 ? iters : epochs > 0 ? epochs * perEpoch : DEFAULT_ITERATIONS;
                TrainingSettings settings = new TrainingSettings(sizes, optimizer, lr, batchSize, iterations, init, seed,
                        td.trainShards.length, localSteps, checkpointEvery < 0 ? TrainingSettings.CHECKPOINT_BY_TIME : checkpointEvery, target,
                        trainAcc.equals("on"), sampling, td.trainCount);
                if (checkpoint != null) {
                    checkpoint.checkSettings(settings.fingerprint(), outDir);
                    err.printf(Locale.ROOT, "resuming %s at step %d of %d%n", outDir, checkpoint.iteration(), iterations);
                }
                td.materialize();
                double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
                long trainBytes = TrainingData.cachedBytes(sc, td.train);
                long testBytes = TrainingData.cachedBytes(sc, td.test);
                err.printf(Locale.ROOT, "training set cached on the executors: %d partitions, %.1f MB in memory (test set %.1f MB); read in %.2f s%n",
                        td.trainShards.length, trainBytes / 1e6, testBytes / 1e6, loadSeconds);
                err.printf(Locale.ROOT, "training %s with %s (lr %s, batch %d, %s), %d iterations (%d per epoch) on %d partitions, master %s%n",
                        sizes, optimizer, PythonFormat.repr(lr), batchSize,
                        localSteps > 1 ? "up to " + localSteps + " local steps per round" : "one step per round",
                        iterations, perEpoch, td.trainShards.length, sc.master());

                Training.Result r = new Training(sc, settings, td, outDir, out, err).run(checkpoint);

                out.printf(Locale.ROOT, "trained %s: %d iterations (%.2f epochs) in %.2f s; %s%n", sizes, r.iterations(),
                        (double) r.iterations() / perEpoch, r.seconds(), r.stop());
                out.printf(Locale.ROOT, "final train acc %s, test acc %s%n",
                        Double.isNaN(r.trainAcc()) ? "-" : PythonFormat.repr(r.trainAcc()), PythonFormat.repr(r.testAcc()));

                Map<String, Object> dataJson = new LinkedHashMap<>();
                dataJson.put("uri", HadoopFiles.qualify(dataDir, conf).toString());
                dataJson.put("train_images", td.trainCount);
                dataJson.put("test_images", td.testCount);
                dataJson.put("sha256", ModelCard.dataSha256(List.of(td.trainSource.imagesUri(), td.trainSource.labelsUri(),
                        td.testSource.imagesUri(), td.testSource.labelsUri()), conf));
                Map<String, Object> run = new LinkedHashMap<>();
                run.put("spark_version", sc.version());
                run.put("master", sc.master());
                run.put("default_parallelism", sc.defaultParallelism());
                run.put("java", System.getProperty("java.version"));
                run.put("data_load_seconds", Math.round(loadSeconds * 1000) / 1000.0);
                run.put("cached_train_bytes", trainBytes);
                run.put("cached_test_bytes", testBytes);
                run.put("resumed", checkpoint != null);
                writeOutputs(outDir, conf, commandLine, settings, dataJson, r, run);
                out.println("wrote " + outDir + "/{weights.npz, model.json, curves.csv, curves.png}");
            } finally {
                td.release();
            }
        }
    }

    /** Refuses an existing {@code --out} unless {@code --overwrite}; with it, removes the files a run writes there. */
    private static void prepare(Path outDir, boolean overwrite, Configuration conf) throws IOException {
        FileSystem fs = HadoopFiles.fileSystem(outDir, conf);
        if (!fs.exists(outDir)) {
            return;
        }
        if (!fs.getFileStatus(outDir).isDirectory()) {
            throw new BadInputException(outDir + ": is a file; --out names a directory");
        }
        if (!overwrite) {
            throw new BadInputException(outDir + ": already exists (use --overwrite to replace it, or --resume to continue its training)");
        }
        for (FileStatus f : fs.listStatus(outDir)) {
            String n = f.getPath().getName();
            if (OUTPUTS.contains(n) || (n.startsWith("checkpoint-") && n.endsWith(".npz"))) {
                fs.delete(f.getPath(), false);
            }
        }
    }

    private static void writeOutputs(Path dir, Configuration conf, List<String> commandLine, TrainingSettings settings,
                                     Map<String, Object> data, Training.Result r, Map<String, Object> run) throws IOException {
        ByteArrayOutputStream npz = new ByteArrayOutputStream();
        WeightsFile.writeNpz(Params.arrays(settings.sizes(), r.params(), ""), npz);
        byte[] weights = npz.toByteArray();
        HadoopOutput.writeAtomically(new Path(dir, "weights.npz").toString(), true, conf, o -> o.write(weights));
        byte[] json = ModelCard.json(commandLine, settings, data, r, FileDigests.sha256(weights), run);
        HadoopOutput.writeAtomically(new Path(dir, "model.json").toString(), true, conf, o -> o.write(json));
        byte[] csv = r.curves().csv();
        HadoopOutput.writeAtomically(new Path(dir, "curves.csv").toString(), true, conf, o -> o.write(csv));
        HadoopOutput.writeAtomically(new Path(dir, "curves.png").toString(), true, conf, r.curves()::png);
    }

    /** @return the images of a step on one of {@code partitions} partitions: its share of the batch, rounded up */
    private static int share(int batchSize, int partitions) {
        return (batchSize + partitions - 1) / partitions;
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
