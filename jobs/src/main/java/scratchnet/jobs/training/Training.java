package scratchnet.jobs.training;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

import scratchnet.core.data.SparseImages;
import scratchnet.core.net.LayerSizes;
import scratchnet.core.net.Optimizer;
import scratchnet.core.net.Params;
import scratchnet.core.text.PythonFormat;
import scratchnet.jobs.spark.BackgroundJobs;
import scratchnet.jobs.spark.PartitionFunction;

/**
 * The distributed mini-batch training loop, on the driver. Each round is one Spark job
 * ({@link RoundRunner}): every partition works on its cached part of the training set
 * ({@link TrainingTasks}) from the broadcast weights, and the driver updates the weights with the
 * optimizer from the summed gradient (one step per round), or by averaging the partitions' models
 * (several local steps per round). After every epoch it measures the accuracy (the book's
 * {@code train acc, test acc | …} line) in the first tasks of the next round's job, stops once the
 * test accuracy reaches the target (cancelling the rest of that round), and writes checkpoints.
 */
public final class Training {
    /** Called after every round: tests use it to stop a run as a kill would. */
    interface Listener {
        void afterRound(long iteration) throws Exception;
    }

    /**
     * What a run produced.
     *
     * @param params     the final weights, in key order
     * @param iterations steps done
     * @param curves     losses and evaluations
     * @param trainAcc   final train accuracy (NaN when not measured at the end of training)
     * @param testAcc    final test accuracy
     * @param stop       why it stopped
     * @param seconds    training time, all sessions (from the first step to the stop, evaluations included)
     * @param sessionSeconds training time in this session
     * @param sessionSteps   steps done in this session
     * @param optimizerSteps updates the optimizer made
     * @param state      the optimizer's state
     */
    public record Result(float[][] params, long iterations, TrainingCurves curves, double trainAcc, double testAcc, String stop,
                  double seconds, double sessionSeconds, long sessionSteps, long optimizerSteps, Map<String, float[][]> state) {
    }

    private final JavaSparkContext sc;
    private final TrainingSettings s;
    private final TrainingData data;
    private final Path outDir;
    private final PrintStream out;
    private final PrintStream err;
    private Listener listener = iteration -> { };
    private final RoundStats stats = new RoundStats();

    /**
     * @param outDir where checkpoints go, or {@code null} for none
     * @param out    the book's accuracy lines
     * @param err    progress
     */
    Training(JavaSparkContext sc, TrainingSettings settings, TrainingData data, Path outDir, PrintStream out, PrintStream err) {
        this.sc = sc;
        this.s = settings;
        this.data = data;
        this.outDir = outDir;
        this.out = out;
        this.err = err;
    }

    Training listener(Listener l) {
        this.listener = l;
        return this;
    }

    /**
     * Trains from fresh weights, or from a checkpoint.
     *
     * @param resume the checkpoint to continue, or {@code null}
     */
    Result run(Checkpoint resume) throws Exception {
        LayerSizes sizes = s.sizes();
        Optimizer opt = Optimizer.create(s.optimizer(), s.lr());
        float[][] params;
        TrainingCurves curves = new TrainingCurves();
        long it;
        double before;
        long lastCheckpoint;
        if (resume == null) {
            params = s.init().initialize(sizes, s.seed());
            it = 0;
            before = 0;
            lastCheckpoint = 0;
        } else {
            params = Params.copy(resume.params());
            opt.restore(copyState(resume.state()), resume.optimizerSteps());
            curves.restore(resume.losses(), resume.evaluations());
            it = resume.iteration();
            before = resume.seconds();
            lastCheckpoint = it;
        }
        int[] shares = s.shares(data.trainShards);
        long perEpoch = s.iterationsPerEpoch();
        long startIt = it;
        long start = System.nanoTime();
        long lastReport = start;
        long lastCheckpointNanos = start;
        String stop = "ran " + s.iterations() + " iterations";
        TrainingCurves.EpochAccuracy last = curves.evaluations().isEmpty() ? null : curves.evaluations().get(curves.evaluations().size() - 1);
        boolean targetReached = last != null && last.iteration() == it && last.testAcc() >= s.targetAccuracy();
        if (targetReached) {
            stop = reached(last);
        }
        // whether the weights of step `it` still wait for their epoch's accuracy: the next round measures it
        boolean measure = it > 0 && it % perEpoch == 0 && !targetReached && (last == null || last.iteration() != it);
        boolean checkpointDue = false;
        sc.sc().addSparkListener(stats);
        try (BackgroundJobs jobs = new BackgroundJobs(sc); RoundRunner rounds = new RoundRunner(sc, jobs, s, data)) {
            while (it < s.iterations() && !targetReached) {
                int steps = (int) Math.min(s.localSteps(), Math.min(s.iterations() - it, perEpoch - it % perEpoch));
                RoundRunner.InFlight next = rounds.start(params, opt, it, steps, shares, measure);
                if (measure) {
                    // the epoch's accuracy arrives first: a run that has reached its target does not
                    // need the round, which is cancelled before the epoch is recorded and its
                    // checkpoint written, so that its tasks do not hold the cores meanwhile
                    TrainingCurves.EpochAccuracy acc = accuracy(next.accuracy(), it, s.trainAccuracy());
                    boolean reachedTarget = acc.testAcc() >= s.targetAccuracy();
                    if (reachedTarget) {
                        next.cancel();
                    }
                    settle(acc, it, params, opt, checkpointDue, curves, before + (System.nanoTime() - start) / 1e9);
                    if (reachedTarget) {
                        targetReached = true;
                        stop = reached(acc);
                        break;
                    }
                }
                RoundRunner.Round round = next.get();
                params = apply(round, params, opt, it, steps);
                stats.round(round.nanos(), steps);
                for (double l : round.losses()) {
                    curves.addLoss(l);
                }
                it += steps;

                boolean end = it == s.iterations();
                long now = System.nanoTime();
                measure = it % perEpoch == 0 || end;
                boolean checkpoint = outDir != null && (end || writesCheckpoint(it, lastCheckpoint, measure, now - lastCheckpointNanos));
                // an epoch's checkpoint waits for its accuracy
                checkpointDue = measure && checkpoint;
                if (checkpoint && !measure) {
                    writeCheckpoint(it, opt.steps(), params, copyState(opt.state()), curves, before + (System.nanoTime() - start) / 1e9);
                }
                if (checkpoint) {
                    lastCheckpoint = it;
                    lastCheckpointNanos = now;
                }
                if (now - lastReport > 2_000_000_000L || it % perEpoch == 0 || end) {
                    progress(it, round.losses()[steps - 1], startIt, start, now);
                    lastReport = now;
                }
                listener.afterRound(it);
            }
            if (measure && !targetReached) {
                // the last weights: no round follows to measure them beside
                TrainingCurves.EpochAccuracy acc = accuracy(countCorrect(params, s.trainAccuracy()), it, s.trainAccuracy());
                settle(acc, it, params, opt, checkpointDue, curves, before + (System.nanoTime() - start) / 1e9);
                if (acc.testAcc() >= s.targetAccuracy()) {
                    targetReached = true;
                    stop = reached(acc);
                }
            }
        } finally {
            sc.setJobDescription(null);
            sc.sc().removeSparkListener(stats);
        }
        err.println("rounds: " + stats.summary());
        double session = (System.nanoTime() - start) / 1e9;
        List<TrainingCurves.EpochAccuracy> evals = curves.evaluations();
        TrainingCurves.EpochAccuracy fin = evals.isEmpty() ? null : evals.get(evals.size() - 1);
        if (fin == null || fin.iteration() != it || Double.isNaN(fin.trainAcc())) {
            // the final accuracies, measured after the clock stopped
            fin = evaluate(params, it, true);
        }
        return new Result(params, it, curves, fin.trainAcc(), fin.testAcc(), stop, before + session, session, it - startIt,
                opt.steps(), copyState(opt.state()));
    }

    /**
     * The driver's update: the averaged model and state, or the optimizer's step with the summed
     * gradient.
     *
     * @return the new weights
     * @throws DivergedException when the loss or the new weights are not finite
     */
    private float[][] apply(RoundRunner.Round round, float[][] params, Optimizer opt, long it, int steps) {
        if (round.divergence() != null) {
            throw diverged(round.divergence());
        }
        float[][] next;
        if (round.model() != null) {
            next = round.model();
            opt.restore(round.state(), opt.steps() + steps);
        } else {
            next = Params.copy(params);
            opt.update(next, round.gradient());
        }
        if (!Params.finite(next)) {
            throw diverged((it + steps) + ": the weights are no longer finite numbers");
        }
        return next;
    }

    /**
     * Whether the round just ended writes a checkpoint (the last round always does).
     *
     * @param epochEnd whether the round ended an epoch
     * @param since    nanoseconds since the last checkpoint (or the session's start)
     */
    private boolean writesCheckpoint(long it, long lastCheckpoint, boolean epochEnd, long since) {
        if (s.checkpointEvery() == TrainingSettings.CHECKPOINT_BY_TIME) {
            return epochEnd && since >= TrainingSettings.CHECKPOINT_SECONDS * 1_000_000_000L;
        }
        return s.checkpointEvery() > 0 && it - lastCheckpoint >= s.checkpointEvery();
    }

    /**
     * Records and prints an epoch's accuracy, and writes the checkpoint that waited for it (or, when
     * the target is reached, the final one).
     */
    private void settle(TrainingCurves.EpochAccuracy acc, long iteration, float[][] params, Optimizer opt, boolean checkpoint,
                        TrainingCurves curves, double seconds) {
        curves.add(acc);
        out.println(s.trainAccuracy()
                ? "train acc, test acc | " + PythonFormat.repr(acc.trainAcc()) + ", " + PythonFormat.repr(acc.testAcc())
                : "test acc | " + PythonFormat.repr(acc.testAcc()));
        out.flush();
        if (checkpoint || (acc.testAcc() >= s.targetAccuracy() && outDir != null)) {
            writeCheckpoint(iteration, opt.steps(), params, copyState(opt.state()), curves, seconds);
        }
    }

    private String reached(TrainingCurves.EpochAccuracy acc) {
        return "test accuracy " + PythonFormat.repr(acc.testAcc()) + " reached the target " + PythonFormat.repr(s.targetAccuracy());
    }

    private void writeCheckpoint(long iteration, long optimizerSteps, float[][] params, Map<String, float[][]> state, TrainingCurves curves, double seconds) {
        new Checkpoint(iteration, optimizerSteps, params, state, java.util.Arrays.copyOf(curves.losses(), (int) iteration),
                curves.evaluations(), seconds, s.fingerprint()).write(outDir, s.sizes(), sc.hadoopConfiguration());
    }

    /** Measures the accuracy of some weights on the test set, and on the training set when asked: one job over the cached parts. */
    TrainingCurves.EpochAccuracy evaluate(float[][] params, long iteration, boolean withTrain) {
        sc.setJobDescription("train: accuracy at step " + iteration);
        return accuracy(countCorrect(params, withTrain), iteration, withTrain);
    }

    /** @return {@code {train correct, train images, test correct, test images}}: one job over the cached parts */
    private long[] countCorrect(float[][] params, boolean withTrain) {
        JavaRDD<SparseImages> rdd = withTrain ? data.test.union(data.train) : data.test;
        int testParts = data.test.getNumPartitions();
        Broadcast<float[][]> weights = sc.broadcast(params);
        try {
            long[] c = new long[4];
            PartitionFunction.run(sc, rdd, new TrainingTasks.Correct(s.sizes(), weights), long[].class,
                    (partition, counts) -> TrainingTasks.count(c, partition < testParts, counts));
            return c;
        } finally {
            weights.destroy();
        }
    }

    private TrainingCurves.EpochAccuracy accuracy(long[] c, long iteration, boolean withTrain) {
        double train = withTrain ? (double) c[0] / c[1] : Double.NaN;
        return new TrainingCurves.EpochAccuracy(iteration, (double) iteration / s.iterationsPerEpoch(), train, (double) c[2] / c[3]);
    }

    private void progress(long it, double loss, long startIt, long start, long now) {
        double seconds = (now - start) / 1e9;
        double perSecond = (it - startIt) * (double) s.batchSize() / seconds;
        double eta = (s.iterations() - it) * seconds / Math.max(1, it - startIt);
        err.printf(Locale.ROOT, "step %d/%d  epoch %.2f  loss %.4f  %,.0f examples/s  %s%n", it, s.iterations(),
                (double) it / s.iterationsPerEpoch(), loss, perSecond,
                it == s.iterations() ? "done" : "ETA " + duration(eta) + (Double.isNaN(s.targetAccuracy()) ? "" : " (at most)"));
        err.flush();
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s < 60 ? s + " s" : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** @param what {@code "<step>: <what happened>"} */
    private DivergedException diverged(String what) {
        String kept;
        if (outDir != null && Checkpoint.exists(outDir, sc.hadoopConfiguration())) {
            kept = "the last good checkpoint is kept in " + outDir + " (" + Checkpoint.JSON + ")";
        } else {
            kept = "no checkpoint had been written yet";
        }
        return new DivergedException("training diverged at step " + what + " (optimizer " + s.optimizer() + ", --lr "
                + PythonFormat.repr(s.lr()) + "; try a smaller rate); " + kept);
    }

    private static Map<String, float[][]> copyState(Map<String, float[][]> state) {
        Map<String, float[][]> out = new LinkedHashMap<>();
        state.forEach((k, v) -> out.put(k, Params.copy(v)));
        return out;
    }
}
