package scratchnet.jobs.spark;

import org.apache.spark.api.java.JavaSparkContext;

/**
 * The {@code local[2]} Spark context of the tests, started as the jobs start theirs
 * ({@link SparkJobs#start}) and shared by test classes. Commands run through the command line
 * start and stop their own, so tests of the command line stop the shared one first.
 */
public final class LocalSpark {
    private static JavaSparkContext sc;

    static {
        System.setProperty("spark.master", "local[2]");
        System.setProperty("spark.ui.enabled", "false");
        System.setProperty("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
        System.setProperty("spark.driver.host", "127.0.0.1");
        System.setProperty("spark.driver.bindAddress", "127.0.0.1");
    }

    private LocalSpark() {
    }

    /** @return the shared context, started on first use (or after a command stopped it) */
    public static synchronized JavaSparkContext context() {
        if (sc == null || sc.sc().isStopped()) {
            sc = SparkJobs.start("tests");
        }
        return sc;
    }

    /**
     * @return the jobs still active once the scheduler's status has caught up (it is updated from
     *         Spark's listener bus, after a job has ended), waiting up to 10 s for none
     */
    public static int activeJobsAfterTheStatusCaughtUp(JavaSparkContext sc) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (sc.statusTracker().getActiveJobIds().length > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return sc.statusTracker().getActiveJobIds().length;
    }

    /** Stops the shared context, so that a command can start its own. */
    public static synchronized void stop() {
        if (sc != null) {
            sc.stop();
            sc = null;
        }
    }
}
