package scratchnet.jobs.spark;

import org.apache.spark.api.java.JavaSparkContext;

import scratchnet.core.net.KernelWarmUp;
import scratchnet.core.net.LayerSizes;
import scratchnet.core.net.Network;
import scratchnet.core.net.Optimizer;

/**
 * The one place that decides what a command warms up, for which master (jobs/bench/README.md measures
 * each gain). The commands and the data code only call in here; {@code -Dscratchnet.warmup=false}
 * turns every warm-up off. JIT and collector settings live in {@code conf/spark-defaults.conf}.
 *
 * <ul>
 * <li>{@code evaluate}: in a local master the driver is the executor, so the network's forward pass
 * is compiled while the job starts;</li>
 * <li>{@code train}: in a local master the training kernels are compiled while Spark starts, and on
 * every executor while it loads its part of the data; a run that stops at a target cancels its last
 * round, and the first cancellation in a JVM reads Spark's error catalogue.</li>
 * </ul>
 */
public final class StartupTuning {
    /**
     * The most a JVM spends getting the training kernels compiled, in the background: on this
     * project's 2-core machine a cold JVM takes 2-3 s of steps to compile them, and a warm-up cut
     * at 1.5 s left the first epoch of a local run at 1.4-2.1 ms a step against 1.2 with 4 s
     * (jobs/bench/README.md). It ends sooner once they run compiled.
     */
    private static final long TRAINING_WARM_UP_MILLIS = 4000;
    /** The most a local evaluation spends getting its forward pass compiled, in the background. */
    private static final long FORWARD_WARM_UP_MILLIS = 2000;

    private StartupTuning() {
    }

    /**
     * For {@code train}, before its Spark context starts.
     *
     * @param partitions    the partitions asked for, or {@code null} for Spark's default
     * @param stopsAtTarget whether the run stops at a target accuracy (and so cancels a round)
     */
    public static void beforeTraining(LayerSizes sizes, int batchSize, Integer partitions, Optimizer.Kind optimizer, boolean stopsAtTarget) {
        if (SparkJobs.isLocal(SparkJobs.configuredMaster())) {
            int parts = partitions != null ? partitions : Runtime.getRuntime().availableProcessors();
            trainingKernels(sizes, batchSize, parts, optimizer).start();
        }
        if (stopsAtTarget) {
            CancellationWarmUp.startInBackground();
        }
    }

    /** @return what each executor starts while it loads its part of the training set: the run's training kernels' warm-up */
    public static ExecutorHook onTrainingExecutors(LayerSizes sizes, int batchSize, int partitions, Optimizer.Kind optimizer) {
        return trainingKernels(sizes, batchSize, partitions, optimizer);
    }

    /** For {@code evaluate}, once its network is read and before its job runs. */
    public static void beforeEvaluation(JavaSparkContext sc, Network network) {
        if (SparkJobs.isLocal(sc.master())) {
            KernelWarmUp.forwardInBackground(network, FORWARD_WARM_UP_MILLIS);
        }
    }

    private static ExecutorHook trainingKernels(LayerSizes sizes, int batchSize, int partitions, Optimizer.Kind optimizer) {
        // a step's images on one partition: its share of the batch, rounded up
        KernelWarmUp warmUp = new KernelWarmUp(sizes, (batchSize + partitions - 1) / partitions, optimizer);
        return () -> warmUp.startInBackground(TRAINING_WARM_UP_MILLIS);
    }
}
