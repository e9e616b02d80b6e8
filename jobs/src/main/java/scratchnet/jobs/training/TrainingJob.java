package scratchnet.jobs.training;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;

import scratchnet.core.BadInputException;
import scratchnet.core.io.WeightsFile;
import scratchnet.core.net.Init;
import scratchnet.core.net.LayerSizes;
import scratchnet.core.net.Params;
import scratchnet.core.text.PythonFormat;
import scratchnet.jobs.io.FileDigests;
import scratchnet.jobs.io.HadoopFiles;
import scratchnet.jobs.io.HadoopOutput;
import scratchnet.jobs.io.OutputLock;
import scratchnet.jobs.io.RunInterruptedException;
import scratchnet.jobs.spark.StartupTuning;

/**
 * A whole {@code train} run on a started Spark context: the output directory checked (or the
 * checkpoint to resume read), the data cached on the executors ({@link TrainingData}), the loop
 * run ({@link Training}), then the outputs written into {@code --out}: {@code weights.npz} (the
 * book's keys, readable by {@code np.load} and {@code evaluate --weights}), {@code model.json}
 * (provenance, {@link ModelCard}), {@code curves.csv} and {@code curves.png}, beside the last
 * checkpoint. Every file is written atomically through the Hadoop FileSystem API. One run at a
 * time holds {@code --out} ({@link OutputLock}); a run replacing another stages its files
 * ({@link RunDirectory}).
 */
public final class TrainingJob {
    /** The book's 10,000 iterations. */
    public static final int DEFAULT_ITERATIONS = 10_000;

    /**
     * What the command line asked for, checked one option at a time.
     *
     * @param dataDir         the MNIST directory or URI
     * @param sizes           the network
     * @param batchSize       examples per mini-batch
     * @param iterations      steps to run, or 0 for {@code epochs} (or the book's 10,000 when both are 0)
     * @param epochs          epochs to run, or 0
     * @param targetAccuracy  stop at this test accuracy (NaN: never)
     * @param optimizer       the optimizer's name
     * @param lr              its learning rate
     * @param init            how the weights start
     * @param seed            seeds the weights and every mini-batch
     * @param partitions      parts of the training set, or 0 for the checkpoint's or Spark's default parallelism
     * @param localSteps      1 for synchronous SGD, K &gt; 1 for local SGD
     * @param trainAccuracy   whether every epoch also measures the train accuracy
     * @param sampling        {@code replacement} or {@code shuffle}
     * @param out             the output directory
     * @param overwrite       whether an existing output directory may be replaced
     * @param checkpointEvery steps between checkpoints, 0 for only the last, or {@link TrainingSettings#CHECKPOINT_BY_TIME}
     * @param resume          continue the run whose checkpoint is in {@code out}
     * @param engine          how synchronous rounds run ({@link Engine}); the weights are the same either way
     * @param commandLine     the command line as given, for the model card
     */
    public record Request(String dataDir, LayerSizes sizes, int batchSize, int iterations, int epochs, double targetAccuracy,
                          String optimizer, double lr, Init init, long seed, int partitions, int localSteps, boolean trainAccuracy,
                          String sampling, String out, boolean overwrite, long checkpointEvery, boolean resume, Engine engine,
                          List<String> commandLine) {
    }

    private TrainingJob() {
    }

    /**
     * Runs the request.
     *
     * @param out the book's accuracy lines and the result
     * @param err progress
     */
    public static void run(JavaSparkContext sc, Request q, PrintStream out, PrintStream err) throws Exception {
        Configuration conf = sc.hadoopConfiguration();
        Path outDir = HadoopFiles.qualify(q.out(), conf);
        FileSystem fs = HadoopFiles.fileSystem(outDir, conf);
        boolean existed = fs.exists(outDir);
        try (OutputLock lock = OutputLock.acquire(new Path(outDir, RunDirectory.LOCK), "--out " + outDir, "train", conf, err)) {
            RunDirectory dir = RunDirectory.prepare(outDir, q.resume(), q.overwrite(), conf);
            try {
                run(sc, q, dir, out, err);
            } catch (RunInterruptedException e) {
                throw e; // its checkpoint stays, staged or not, for --resume
            } catch (DivergedException e) {
                if (!dir.staged()) {
                    throw e;
                }
                dir.discard();
                throw e.keeping("the earlier run's outputs in " + outDir + " are kept");
            } catch (Exception | Error e) {
                dir.discard();
                throw e;
            }
        } finally {
            if (!existed && fs.exists(outDir) && fs.listStatus(outDir).length == 0) {
                // a run that failed before writing anything leaves no directory it made
                fs.delete(outDir, false);
            }
        }
    }

    private static void run(JavaSparkContext sc, Request q, RunDirectory dir, PrintStream out, PrintStream err) throws Exception {
        Configuration conf = sc.hadoopConfiguration();
        Path outDir = dir.work();
        Checkpoint checkpoint = null;
        int partitions = q.partitions();
        if (q.resume()) {
            checkpoint = Checkpoint.read(outDir, q.sizes(), conf);
            if (partitions == 0) {
                partitions = Integer.parseInt(checkpoint.settings().getOrDefault("partitions", "0"));
            }
        }
        if (partitions == 0) {
            partitions = sc.defaultParallelism();
        }
        long loadStart = System.nanoTime();
        TrainingData td = TrainingData.open(sc, q.dataDir(), partitions,
                StartupTuning.onTrainingExecutors(q.sizes(), q.batchSize(), partitions, q.optimizer()));
        try {
            long perEpoch = TrainingSettings.iterationsPerEpoch(td.trainCount, q.batchSize());
            long iterations = q.iterations() > 0 ? q.iterations() : q.epochs() > 0 ? q.epochs() * perEpoch : DEFAULT_ITERATIONS;
            TrainingSettings settings = new TrainingSettings(q.sizes(), q.optimizer(), q.lr(), q.batchSize(), iterations, q.init(), q.seed(),
                    td.trainShards.length, q.localSteps(), q.checkpointEvery(), q.targetAccuracy(), q.trainAccuracy(), q.sampling(),
                    td.trainCount);
            if (checkpoint != null) {
                if (checkpoint.iteration() > iterations) {
                    throw new BadInputException("--resume: the checkpoint in " + outDir + " has done " + checkpoint.iteration()
                            + " iterations, more than the " + iterations + " that --iters/--epochs ask for (ask for at least "
                            + checkpoint.iteration() + ")");
                }
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
                    q.sizes(), q.optimizer(), PythonFormat.repr(q.lr()), q.batchSize(),
                    q.localSteps() > 1 ? "local SGD, up to " + q.localSteps() + " steps per round" : "synchronous SGD",
                    iterations, perEpoch, td.trainShards.length, sc.master());

            Training.Result r = new Training(sc, settings, td, outDir, out, err).engine(q.engine()).run(checkpoint);

            out.printf(Locale.ROOT, "trained %s: %d iterations (%.2f epochs) in %.2f s; %s%n", q.sizes(), r.iterations(),
                    (double) r.iterations() / perEpoch, r.seconds(), r.stop());
            out.printf(Locale.ROOT, "final train acc %s, test acc %s%n",
                    Double.isNaN(r.trainAcc()) ? "-" : PythonFormat.repr(r.trainAcc()), PythonFormat.repr(r.testAcc()));

            Map<String, Object> dataJson = new LinkedHashMap<>();
            dataJson.put("uri", HadoopFiles.qualify(q.dataDir(), conf).toString());
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
            run.put("engine", r.engine());
            writeOutputs(outDir, conf, q.commandLine(), settings, dataJson, r, run);
            dir.promote();
            out.println("wrote " + dir.out() + "/{weights.npz, model.json, curves.csv, curves.png}");
        } finally {
            td.release();
        }
    }

    private static void writeOutputs(Path dir, Configuration conf, List<String> commandLine, TrainingSettings settings,
                                     Map<String, Object> data, Training.Result r, Map<String, Object> run) {
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
}
