package scratchnet.jobs.training;

import java.io.PrintStream;
import java.io.Serializable;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.LongStream;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.resource.ResourceProfile;

import scratchnet.core.net.Optimizer;
import scratchnet.jobs.spark.ScratchnetSettings;
import scratchnet.jobs.training.TrainingSettings.Engine;

/**
 * How the training loop runs its rounds, and what goes into and comes out of one: the loop
 * ({@link Training}) starts a round from its weights ({@link #start}); the engine ships the round's
 * {@link Spec} with the tasks and broadcasts its {@link Weights}; the loop reads the {@link Result}.
 * Two engines: {@link JobRounds}, a Spark job per round of independent tasks, the driver adding
 * their sums (one step per round, or the local steps of local SGD); and the barrier rounds of
 * {@code training.sync}, many synchronous steps per Spark job, the tasks adding their sums among
 * themselves (the default). Both give the same weights, bit for bit, for synchronous SGD.
 */
public interface RoundEngine extends AutoCloseable {

    /**
     * What one round asks of every partition; it travels with the round's tasks.
     *
     * @param settings       the run's settings: the network, the optimizer, the batch, the sampling
     * @param shares         each partition's share of the mini-batch
     * @param first          the round's first step (0-based)
     * @param steps          steps in this round
     * @param optimizerSteps updates the optimizer had made before the round
     */
    record Spec(TrainingSettings settings, int[] shares, long first, int steps, long optimizerSteps) implements Serializable {

        /** @return whether the partitions take local steps and their models are averaged (local SGD), else one gradient step */
        boolean averaging() {
            return settings.localSteps() > 1;
        }

        /**
         * @return the steps of this round (1-based, as counted after them) after which the book's
         *         loop measures the accuracy: every epoch's end, and the run's last step
         */
        public long[] epochEnds() {
            long perEpoch = settings.iterationsPerEpoch();
            return LongStream.rangeClosed(first + 1, first + steps)
                    .filter(s -> s % perEpoch == 0 || s == settings.iterations()).toArray();
        }
    }

    /**
     * The accuracy that a round's tasks counted at an epoch's end inside the round
     * ({@link InFlight#nextEpoch}).
     *
     * @param step the steps done at that epoch's end
     * @param hits the right predictions of the weights of that step
     * @param loss that step's mean loss
     */
    record EpochReport(long step, EpochHits hits, double loss) {
    }

    /**
     * What a round broadcasts: the weights it starts from and the optimizer's state.
     *
     * @param params the weights, in key order
     * @param state  the optimizer's state arrays by state name order, each in key order; {@code null}
     *               for one step of independent tasks, or before the optimizer's first update
     */
    record Weights(float[][] params, float[][][] state) implements Serializable {

        /** @return the weights with the optimizer's state arrays (none before its first update), taken as they are */
        public static Weights withState(float[][] params, Optimizer optimizer) {
            if (optimizer.state().isEmpty()) {
                return new Weights(params, null);
            }
            float[][][] state = new float[optimizer.stateNames().size()][][];
            int i = 0;
            for (String name : optimizer.stateNames()) {
                state[i++] = optimizer.state().get(name);
            }
            return new Weights(params, state);
        }
    }

    /**
     * A round's result, read: for one step of independent tasks the batch gradient, which the loop
     * applies; otherwise the model after the round (the synchronous tasks' common weights, or the
     * partitions' average after local steps) with the optimizer's state; and the loss of every step.
     *
     * @param gradient      the mini-batch gradient, in key order ({@code null} unless one step of independent tasks)
     * @param model         the weights after the round ({@code null} with a gradient)
     * @param state         the optimizer's state after the round, by name ({@code null} with a gradient)
     * @param losses        the mean loss of each step taken
     * @param nanos         the round's wall time on the driver, from its broadcast to its result read
     * @param computeNanos  time the first task of a synchronous round spent computing its steps (0 for independent tasks)
     * @param exchangeNanos time it spent exchanging sums with the others (0 for independent tasks)
     * @param countNanos    time it spent counting the accuracy of the epochs inside the round (0 for independent tasks)
     * @param divergence    {@code "<step>: <what>"} for the first step whose loss (or, in synchronous rounds, weights) was not finite, else {@code null}
     */
    record Result(float[][] gradient, float[][] model, Map<String, float[][]> state, double[] losses, long nanos, long computeNanos,
                  long exchangeNanos, long countNanos, String divergence) {

        /**
         * @param first the round's first step (0-based)
         * @return {@code "<step>: the loss is <value>"} for the first step whose loss is not finite, or {@code null}
         */
        static String firstNonFiniteLoss(double[] losses, long first) {
            for (int k = 0; k < losses.length; k++) {
                if (!Double.isFinite(losses[k])) {
                    return (first + k + 1) + ": the loss is " + losses[k];
                }
            }
            return null;
        }
    }

    /** A round in flight. */
    interface InFlight {
        /** Waits for the right predictions of the weights the round started from (a round that counts them). */
        EpochHits accuracy() throws Exception;

        /**
         * Waits for the accuracy the tasks counted at the next epoch's end inside the round; unless
         * that is the round's last step, the tasks then wait for {@link #goOn}.
         *
         * @return it, or {@code null} when the round counts no more (it has ended, or failed: {@link #result} says)
         */
        default EpochReport nextEpoch() throws Exception {
            return null;
        }

        /** Tells the tasks waiting at the epoch last reported whether to go on, or to end the round there. */
        default void goOn(boolean goOn) {
            throw new IllegalStateException("this round counts no epoch inside it");
        }

        /** Waits for the round's result; a failed job's exception is thrown as it is. */
        Result result() throws Exception;

        /** Ends the round without its steps (its epoch reached the target) and waits until it has stopped. */
        void cancel() throws InterruptedException;
    }

    /** @return the most steps one round takes (rounds also end at epochs, unless {@link #epochsInside}) */
    int maxSteps();

    /**
     * @return whether a round may span epochs: its tasks count every epoch's accuracy inside it and
     *         report it without ending it ({@link InFlight#nextEpoch}), so that a run takes one job
     *         unless something (a target, a checkpoint, a signal) ends a round at an epoch
     */
    default boolean epochsInside() {
        return false;
    }

    /**
     * @return whether every step is synchronous, so that where a round ends changes nothing in the
     *         result: such rounds also end at every checkpoint due by steps
     */
    default boolean synchronous() {
        return false;
    }

    /**
     * Starts the round of steps {@code first+1 … first+steps} from these weights and the
     * optimizer's state, which must not change until the round has ended.
     *
     * @param countAccuracy whether the round also counts the accuracy of the weights it starts from
     */
    InFlight start(float[][] params, Optimizer optimizer, long first, int steps, boolean countAccuracy);

    /** Ends a round still in flight and releases what the rounds hold. */
    @Override
    void close() throws InterruptedException;

    /**
     * Opens barrier rounds. {@code training.sync} implements it ({@code BarrierRounds.Provider}) and
     * names it in {@code META-INF/services/scratchnet.jobs.training.RoundEngine$Barrier}: the
     * synchronous engine builds on this package, which names none of its classes.
     */
    interface Barrier {
        /** @return barrier rounds for the run */
        RoundEngine open(JavaSparkContext sc, TrainingSettings settings, TrainingData data);
    }

    /**
     * The weights broadcast for the current round, one at a time: broadcasting the next round's
     * destroys the previous round's, whose tasks have ended.
     */
    final class Broadcasts implements AutoCloseable {
        private final JavaSparkContext sc;
        private Broadcast<Weights> current;

        public Broadcasts(JavaSparkContext sc) {
            this.sc = sc;
        }

        /** @return the broadcast of the next round's weights */
        public Broadcast<Weights> next(Weights weights) {
            Broadcast<Weights> b = sc.broadcast(weights);
            close();
            current = b;
            return b;
        }

        /** Destroys the last broadcast. */
        @Override
        public void close() {
            if (current != null) {
                current.destroy();
                current = null;
            }
        }
    }

    /**
     * @param err where a fallback is said, in one line
     * @return the engine for a run: synchronous rounds run barrier stages where Spark can (no
     *         dynamic allocation, a task slot per partition), else one job per step;
     *         {@link Engine#JOBS} and local SGD run jobs
     */
    static RoundEngine forRun(JavaSparkContext sc, TrainingSettings settings, TrainingData data, PrintStream err) {
        if (settings.localSteps() > 1 || settings.engine() == Engine.JOBS) {
            return new JobRounds(sc, settings, data);
        }
        int parts = data.train.getNumPartitions();
        if (sc.getConf().getBoolean("spark.dynamicAllocation.enabled", false)) {
            err.println("train: Spark runs no barrier stage with dynamic allocation on: one Spark job per step "
                    + "(--conf spark.dynamicAllocation.enabled=false gives synchronous rounds)");
            return new JobRounds(sc, settings, data);
        }
        int slots = taskSlots(sc, parts);
        if (slots < parts) {
            err.println("train: " + parts + " partitions but " + slots + " task slots: one Spark job per step "
                    + "(--partitions " + Math.max(1, slots) + " or more cores give synchronous rounds)");
            return new JobRounds(sc, settings, data);
        }
        Barrier barrier = ServiceLoader.load(Barrier.class, Barrier.class.getClassLoader()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no barrier rounds on the class path (training.sync)"));
        return barrier.open(sc, settings, data);
    }

    /**
     * @return the tasks the cluster can run at once; on a cluster whose executors are still
     *         registering, waits for {@code parts} of them a while ({@code spark.scratchnet.train.slotsWait}, 10 s)
     */
    private static int taskSlots(JavaSparkContext sc, int parts) {
        ResourceProfile profile = sc.sc().resourceProfileManager().defaultResourceProfile();
        long deadline = System.nanoTime() + 1_000_000L * (sc.isLocal() ? 0 : ScratchnetSettings.TRAIN_SLOTS_WAIT.millis(sc.getConf()));
        int slots = sc.sc().maxNumConcurrentTasks(profile);
        while (slots < parts && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            slots = sc.sc().maxNumConcurrentTasks(profile);
        }
        return slots;
    }
}
