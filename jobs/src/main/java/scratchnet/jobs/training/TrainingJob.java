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

    private TrainingJob() {
    }

    /**
     * Runs {@code train}.
     *
     * @param settings    the settings as given (what the data decides not yet resolved)
     * @param data        where the data comes from
     * @param outUri      the output directory
     * @param overwrite   whether an existing output directory may be replaced
     * @param resume      continue the run whose checkpoint is in {@code outUri}
     * @param commandLine the command line as given, for the model card
     * @param out         the book's accuracy lines and the result
     * @param err         progress
     */
    public static void run(JavaSparkContext sc, TrainingSettings settings, TrainingSource data, String outUri, boolean overwrite, boolean resume,
                           List<String> commandLine, PrintStream out, PrintStream err) throws Exception {
        Configuration conf = sc.hadoopConfiguration();
        Path outDir = HadoopFiles.qualify(outUri, conf);
        FileSystem fs = HadoopFiles.fileSystem(outDir, conf);
        boolean existed = fs.exists(outDir);
        try (OutputLock lock = OutputLock.acquire(new Path(outDir, RunDirectory.LOCK), "--out " + outDir, "train", conf, err)) {
            RunDirectory dir = RunDirectory.prepare(outDir, resume, overwrite, conf);
            try {
                run(sc, settings, data, dir, resume, commandLine, out, err);
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

    private static void run(JavaSparkContext sc, TrainingSettings asked, TrainingSource data, RunDirectory dir, boolean resume,
                            List<String> commandLine, PrintStream out, PrintStream err) throws Exception {
        Configuration conf = sc.hadoopConfiguration();
        Path outDir = dir.work();
        Checkpoint checkpoint = null;
        Integer partitions = asked.partitions();
        if (resume) {
            checkpoint = Checkpoint.read(outDir, asked.sizes(), conf);
            if (partitions == null && checkpoint.settings().containsKey("partitions")) {
                partitions = Integer.valueOf(checkpoint.settings().get("partitions"));
            }
        }
        if (partitions == null) {
            partitions = sc.defaultParallelism();
        }
        long loadStart = System.nanoTime();
        TrainingData td = data.open(sc, partitions,
                StartupTuning.onTrainingExecutors(asked.sizes(), asked.batchSize(), partitions, asked.optimizer()));
        try {
            TrainingSettings settings = asked.forData(td.trainCount, td.trainShards.length);
            long iterations = settings.iterations();
            long perEpoch = settings.iterationsPerEpoch();
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
                    settings.sizes(), settings.optimizer(), PythonFormat.repr(settings.lr()), settings.batchSize(),
                    settings.localSteps() > 1 ? "local SGD, up to " + settings.localSteps() + " steps per round" : "synchronous SGD",
                    iterations, perEpoch, td.trainShards.length, sc.master());

            Training.Result r = new Training(sc, settings, td, outDir, out, err).run(checkpoint);

            out.printf(Locale.ROOT, "trained %s: %d iterations (%.2f epochs) in %.2f s; %s%n", settings.sizes(), r.iterations(),
                    (double) r.iterations() / perEpoch, r.seconds(), r.stop());
            out.printf(Locale.ROOT, "final train acc %s, test acc %s%n",
                    Double.isNaN(r.trainAcc()) ? "-" : PythonFormat.repr(r.trainAcc()), PythonFormat.repr(r.testAcc()));

            Map<String, Object> dataJson = data.provenance(td, conf);
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
            writeOutputs(outDir, conf, commandLine, settings, dataJson, r, run);
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
