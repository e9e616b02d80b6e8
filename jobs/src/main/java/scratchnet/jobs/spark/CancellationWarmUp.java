package scratchnet.jobs.spark;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.spark.SparkThrowableHelper;

import scratchnet.core.WarmUp;

/**
 * Reads Spark's catalogue of error messages ahead of the first job cancellation. Spark formats a
 * cancelled job's error from that catalogue (a 330 kB JSON file read on first use) on its
 * scheduler's single event thread, before it tells the executors to kill the tasks: in a fresh JVM
 * that held up the kill of {@code train}'s last, unneeded round by ~0.2 s, its tasks taking the
 * cores meanwhile.
 */
public final class CancellationWarmUp {
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private CancellationWarmUp() {
    }

    /** Reads the catalogue in a daemon thread, once per JVM (unless {@code -Dscratchnet.warmup=false}). */
    public static void startInBackground() {
        WarmUp.startOnce(STARTED, "scratchnet-cancellation-warm-up", CancellationWarmUp::run);
    }

    /** Reads the catalogue in this thread: formats the message a cancelled job gets. */
    public static void run() {
        SparkThrowableHelper.getMessage("SPARK_JOB_CANCELLED", Map.of("jobId", "0", "reason", "warm-up"));
    }
}
