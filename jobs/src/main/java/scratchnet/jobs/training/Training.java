package scratchnet.jobs.training;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

import scratchnet.core.data.SparseImages;
import scratchnet.core.net.Optimizer;
import scratchnet.core.net.Params;
import scratchnet.core.text.PythonFormat;
import scratchnet.jobs.io.Interrupts;
import scratchnet.jobs.io.RunInterruptedException;
import scratchnet.jobs.spark.PartitionFunction;
import scratchnet.jobs.training.TrainingSettings.Engine;

/**
 * The distributed mini-batch training loop, on the driver: the book's {@code train_neuralnet.py}
 * with each step's gradient computed by Spark tasks.
 *
 * <p>Each round is one Spark job, which a {@link RoundEngine} runs from the broadcast weights, every
 * partition working on its cached part of the training set: by default the barrier rounds of
 * {@code training.sync}, many synchronous steps whose weights come back at the round's end; or
 * {@link JobRounds}, one step whose summed gradient this loop applies with the optimizer, or the
 * local steps of local SGD, whose average model it takes. An epoch's accuracy (the book's
 * {@code train acc, test acc | …} line) is counted without a job of its own. Barrier rounds span
 * epochs: their tasks count each epoch's accuracy where it ends and report it to the loop, which
 * records it and tells them to go on, or to end the round there when the epoch reached the target,
 * is due a checkpoint (written from the weights the round returns) or follows a signal; so a run
 * with none of those is one job. Rounds of jobs end at every epoch, and the first tasks of the
 * next round's job count it, while the loop records it; when it reached the target, the loop
 * cancels that round.
 */
public final class Training {
    /** Called after every round: tests use it to stop a run as a kill would. */
    public interface Listener {
        /** @param step the steps done */
        void afterRound(long step) throws Exception;
    }

    /**
     * What a run produced.
     *
     * @param params         the final weights, in key order
     * @param iterations     steps done
     * @param curves         losses and evaluations
     * @param trainAcc       final train accuracy (NaN when not measured at the end of training)
     * @param testAcc        final test accuracy
     * @param stop           why it stopped
     * @param seconds        training time, all sessions (from the first step to the stop, evaluations included)
     * @param sessionSeconds training time in this session
     * @param sessionSteps   steps done in this session
     * @param optimizerSteps updates the optimizer made
     * @param state          the optimizer's state
     * @param engine         how the rounds ran: {@code barrier} (synchronous rounds of many steps) or {@code jobs}
     */
    public record Result(float[][] params, long iterations, TrainingCurves curves, double trainAcc, double testAcc, String stop,
                         double seconds, double sessionSeconds, long sessionSteps, long optimizerSteps, Map<String, float[][]> state,
                         String engine) {
    }

    private final JavaSparkContext sc;
    private final TrainingSettings settings;
    private final TrainingData data;
    private final Path outDir;
    private final PrintStream out;
    private final PrintStream err;
    private Listener listener = step -> { };
    private final RoundStats stats = new RoundStats();

    /**
     * @param outDir where checkpoints go, or {@code null} for none
     * @param out    the book's accuracy lines
     * @param err    progress
     */
    public Training(JavaSparkContext sc, TrainingSettings settings, TrainingData data, Path outDir, PrintStream out, PrintStream err) {
        this.sc = sc;
        this.settings = settings;
        this.data = data;
        this.outDir = outDir;
        this.out = out;
        this.err = err;
    }

    /** Sets what is called after every round. */
    public Training listener(Listener l) {
        this.listener = l;
        return this;
    }

    /**
     * Trains from fresh weights, or from a checkpoint.
     *
     * @param resume the checkpoint to continue, or {@code null}
     */
    public Result run(Checkpoint resume) throws Exception {
        Optimizer optimizer = settings.optimizer().create(settings.lr());
        TrainingCurves curves = new TrainingCurves();
        float[][] params;
        long step;
        double secondsBefore;
        if (resume == null) {
            params = settings.init().initialize(settings.sizes(), settings.seed());
            step = 0;
            secondsBefore = 0;
        } else {
            params = Params.copy(resume.params());
            optimizer.restore(copy(resume.state()), resume.optimizerSteps());
            curves.restore(resume.losses(), resume.evaluations());
            step = resume.iteration();
            secondsBefore = resume.seconds();
        }
        long perEpoch = settings.iterationsPerEpoch();
        long startStep = step;
        long start = System.nanoTime();
        TrainingProgress progress = new TrainingProgress(settings, err, startStep, start);
        CheckpointSchedule checkpoints = new CheckpointSchedule(settings, step, start);
        String stop = "ran " + settings.iterations() + " iterations";
        TrainingCurves.EpochAccuracy last = curves.lastEvaluation();
        boolean targetReached = last != null && last.iteration() == step && reachesTarget(last);
        if (targetReached) {
            stop = reached(last);
        }
        // an epoch whose weights still wait for their accuracy (counted beside the next round), and
        // whether its checkpoint waits for it too: a resumed run may start at one
        boolean epochPending = step > 0 && step % perEpoch == 0 && !targetReached && (last == null || last.iteration() != step);
        boolean checkpointPending = false;
        sc.sc().addSparkListener(stats);
        String engineName;
        try (Interrupts.Graceful signals = Interrupts.graceful(); RoundEngine rounds = RoundEngine.forRun(sc, settings, data, err)) {
            engineName = (rounds.synchronous() ? Engine.BARRIER : Engine.JOBS).toString();
            while (step < settings.iterations() && !targetReached) {
                // a round ends at the run's end, at a checkpoint due by steps (when that changes
                // nothing), and at an epoch's end: every epoch's, unless its tasks count the epochs inside it
                long steps = Math.min(rounds.maxSteps(), settings.iterations() - step);
                if (!rounds.epochsInside()) {
                    steps = Math.min(steps, perEpoch - step % perEpoch);
                }
                if (rounds.synchronous()) {
                    steps = Math.min(steps, checkpoints.stepsUntilDue(step));
                }
                RoundEngine.InFlight round = rounds.start(params, optimizer, step, (int) steps, epochPending);
                if (epochPending) {
                    TrainingCurves.EpochAccuracy acc = round.accuracy().accuracy(step, perEpoch, settings.trainAccuracy());
                    targetReached = reachesTarget(acc);
                    if (targetReached) {
                        // the run ends at this epoch: the round's tasks need not hold the cores while it is recorded
                        round.cancel();
                        stop = reached(acc);
                    }
                    recordEpoch(acc, params, optimizer, checkpointPending, curves, secondsBefore + seconds(start));
                    if (targetReached) {
                        break;
                    }
                }
                // the epochs counted inside the round: each recorded as it comes; the round ends at
                // one that reaches the target, is due a checkpoint, or follows a signal
                TrainingCurves.EpochAccuracy inside = null;
                boolean insideCheckpoint = false;
                for (RoundEngine.EpochReport e = round.nextEpoch(); e != null; e = round.nextEpoch()) {
                    inside = e.hits().accuracy(e.step(), perEpoch, settings.trainAccuracy());
                    recordEpoch(inside, curves);
                    long now = System.nanoTime();
                    targetReached = reachesTarget(inside);
                    insideCheckpoint = outDir != null && checkpoints.dueAt(e.step(), true, now);
                    boolean end = targetReached || insideCheckpoint || Interrupts.pending();
                    progress.afterRound(e.step(), e.loss(), now, targetReached);
                    if (e.step() < step + steps) {
                        round.goOn(!end);
                    }
                    if (end) {
                        stop = targetReached ? reached(inside) : stop;
                        break;
                    }
                }
                RoundEngine.Result result = round.result();
                int done = result.losses().length;
                params = update(result, params, optimizer, step, done);
                stats.recordRound(result, done);
                for (double loss : result.losses()) {
                    curves.addLoss(loss);
                }
                step += done;

                long now = System.nanoTime();
                if (inside != null && inside.iteration() == step) {
                    // the round ended at an epoch its tasks counted: its checkpoint, if due, waited for the weights
                    epochPending = false;
                    if (insideCheckpoint || (targetReached && outDir != null)) {
                        writeCheckpoint(step, optimizer, params, curves, secondsBefore + seconds(start));
                    }
                } else {
                    epochPending = step % perEpoch == 0 || step == settings.iterations();
                    boolean checkpoint = outDir != null && checkpoints.dueAt(step, epochPending, now);
                    // an epoch's checkpoint waits for its accuracy
                    checkpointPending = epochPending && checkpoint;
                    if (checkpoint && !epochPending) {
                        writeCheckpoint(step, optimizer, params, curves, secondsBefore + seconds(start));
                    }
                    progress.afterRound(step, result.losses()[done - 1], now, false);
                }
                listener.afterRound(step);
                Optional<String> signal = Interrupts.take();
                if (signal.isPresent()) {
                    throw interrupted(signal.get(), step, optimizer, params, curves, secondsBefore + seconds(start));
                }
            }
            if (epochPending && !targetReached) {
                // the last weights: no round follows to count them beside
                TrainingCurves.EpochAccuracy acc = evaluate(params, step, settings.trainAccuracy());
                if (reachesTarget(acc)) {
                    stop = reached(acc);
                }
                recordEpoch(acc, params, optimizer, checkpointPending, curves, secondsBefore + seconds(start));
            }
        } finally {
            sc.setJobDescription(null);
            sc.sc().removeSparkListener(stats);
        }
        err.println("rounds: " + stats.summary());
        double session = seconds(start);
        TrainingCurves.EpochAccuracy fin = curves.lastEvaluation();
        if (fin == null || fin.iteration() != step || Double.isNaN(fin.trainAcc())) {
            // the final accuracies, measured after the clock stopped
            fin = evaluate(params, step, true);
        }
        return new Result(params, step, curves, fin.trainAcc(), fin.testAcc(), stop, secondsBefore + session, session, step - startStep,
                optimizer.steps(), copy(optimizer.state()), engineName);
    }

    /**
     * The optimizer's update from a round's result: the summed gradient's step, or the model and
     * state the round ended with (the synchronous tasks' weights, or the partitions' average).
     *
     * @return the new weights
     * @throws DivergedException when the loss or the new weights are not finite
     */
    private float[][] update(RoundEngine.Result result, float[][] params, Optimizer optimizer, long first, int steps) {
        if (result.divergence() != null) {
            throw diverged(result.divergence());
        }
        float[][] next;
        if (result.gradient() != null) {
            next = Params.copy(params);
            optimizer.update(next, result.gradient());
        } else {
            next = result.model();
            optimizer.restore(result.state(), optimizer.steps() + steps);
        }
        if (!Params.finite(next)) {
            throw diverged((first + steps) + ": the weights are no longer finite numbers");
        }
        return next;
    }

    private boolean reachesTarget(TrainingCurves.EpochAccuracy acc) {
        return settings.targetAccuracy() != null && acc.testAcc() >= settings.targetAccuracy();
    }

    /**
     * Records and prints an epoch's accuracy, and writes the checkpoint that waited for it (or, when
     * the target is reached, the final one).
     *
     * @param params the weights of the epoch's end
     */
    private void recordEpoch(TrainingCurves.EpochAccuracy acc, float[][] params, Optimizer optimizer, boolean checkpointPending,
                             TrainingCurves curves, double seconds) {
        recordEpoch(acc, curves);
        if (checkpointPending || (reachesTarget(acc) && outDir != null)) {
            writeCheckpoint(acc.iteration(), optimizer, params, curves, seconds);
        }
    }

    /** Records and prints an epoch's accuracy: the book's line. */
    private void recordEpoch(TrainingCurves.EpochAccuracy acc, TrainingCurves curves) {
        curves.add(acc);
        out.println(settings.trainAccuracy()
                ? "train acc, test acc | " + PythonFormat.repr(acc.trainAcc()) + ", " + PythonFormat.repr(acc.testAcc())
                : "test acc | " + PythonFormat.repr(acc.testAcc()));
        out.flush();
    }

    private String reached(TrainingCurves.EpochAccuracy acc) {
        return "test accuracy " + PythonFormat.repr(acc.testAcc()) + " reached the target " + PythonFormat.repr(settings.targetAccuracy());
    }

    private void writeCheckpoint(long step, Optimizer optimizer, float[][] params, TrainingCurves curves, double seconds) {
        new Checkpoint(step, optimizer.steps(), params, copy(optimizer.state()), Arrays.copyOf(curves.losses(), (int) step),
                curves.evaluations(), seconds, settings.fingerprint()).write(outDir, settings.sizes(), sc.hadoopConfiguration());
    }

    /** Measures the accuracy of some weights on the test set, and on the training set when asked: one job over the cached parts. */
    public TrainingCurves.EpochAccuracy evaluate(float[][] params, long step, boolean withTrain) {
        sc.setJobDescription("train: accuracy at step " + step);
        JavaRDD<SparseImages> rdd = withTrain ? data.test.union(data.train) : data.test;
        int testParts = data.test.getNumPartitions();
        Broadcast<float[][]> weights = sc.broadcast(params);
        try {
            EpochHits hits = new EpochHits();
            PartitionFunction.run(sc, rdd, new CountCorrectTask(settings.sizes(), weights), Hits.class,
                    (partition, counted) -> hits.add(partition < testParts, counted));
            return hits.accuracy(step, settings.iterationsPerEpoch(), withTrain);
        } finally {
            weights.destroy();
        }
    }

    /** Keeps the weights of {@code step} as a checkpoint that {@code --resume} continues exactly. */
    private RunInterruptedException interrupted(String signal, long step, Optimizer optimizer, float[][] params, TrainingCurves curves,
                                                double seconds) {
        String kept = "nothing kept (no output directory)";
        if (outDir != null) {
            writeCheckpoint(step, optimizer, params, curves, seconds);
            kept = "checkpoint kept at " + new Path(outDir, Checkpoint.archiveName(step)) + "; continue with --resume";
        }
        return new RunInterruptedException(signal, "train: interrupted by " + signal + " at step " + step + " of " + settings.iterations()
                + "; " + kept);
    }

    /** @param what {@code "<step>: <what happened>"} */
    private DivergedException diverged(String what) {
        String kept;
        if (outDir != null && Checkpoint.exists(outDir, sc.hadoopConfiguration())) {
            kept = "the last good checkpoint is kept in " + outDir + " (" + Checkpoint.JSON + ")";
        } else {
            kept = "no checkpoint had been written yet";
        }
        return new DivergedException("training diverged at step " + what + " (optimizer " + settings.optimizer() + ", --lr "
                + PythonFormat.repr(settings.lr()) + "; try a smaller rate)", kept);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static Map<String, float[][]> copy(Map<String, float[][]> state) {
        Map<String, float[][]> out = new LinkedHashMap<>();
        state.forEach((k, v) -> out.put(k, Params.copy(v)));
        return out;
    }
}
