package scratchnet.jobs.training;

import java.io.PrintStream;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.resource.ResourceProfile;

import scratchnet.core.net.Optimizer;
import scratchnet.jobs.training.TrainingSettings.Engine;

/**
 * How the training loop runs its rounds: {@link BarrierRounds}, many synchronous steps per Spark
 * job, the tasks adding their sums among themselves (the default); or {@link JobRounds}, a Spark
 * job per round of independent tasks, the driver adding their sums (one step per round, or the
 * local steps of local SGD). Both give the same weights, bit for bit, for synchronous SGD.
 */
interface RoundEngine extends AutoCloseable {

    /** A round in flight. */
    interface InFlight {
        /** Waits for the right predictions of the weights the round started from (a round that counts them). */
        EpochHits accuracy() throws Exception;

        /** Waits for the round's result; a failed job's exception is thrown as it is. */
        RoundResult result() throws Exception;

        /** Ends the round without its steps (its epoch reached the target) and waits until it has stopped. */
        void cancel() throws InterruptedException;
    }

    /** @return the most steps one round takes (rounds also end at epochs) */
    int maxSteps();

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
     * @param err   where a fallback is said, in one line
     * @return the engine for a run: synchronous rounds run
     *         barrier stages where Spark can (no dynamic allocation, a task slot per partition),
     *         else one job per step; {@link Engine#JOBS} and local SGD run jobs
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
        return new BarrierRounds(sc, settings, data);
    }

    /**
     * @return the tasks the cluster can run at once; on a cluster whose executors are still
     *         registering, waits for {@code parts} of them a while ({@code spark.scratchnet.train.slotsWait}, 10 s)
     */
    private static int taskSlots(JavaSparkContext sc, int parts) {
        ResourceProfile profile = sc.sc().resourceProfileManager().defaultResourceProfile();
        long deadline = System.nanoTime() + 1_000_000L * (sc.isLocal() ? 0 : sc.getConf().getTimeAsMs("spark.scratchnet.train.slotsWait", "10s"));
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
