package scratchnet.jobs.spark;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

import scratchnet.core.BadInputException;

/** Starting Spark the same way for every job. */
public final class SparkJobs {
    /** The master when neither spark-submit nor a system property names one. */
    private static final String DEFAULT_MASTER = "local[*]";
    /** How long the context may take to start, registration with the master included. */
    public static final String START_TIMEOUT = ScratchnetSettings.START_TIMEOUT.key();
    /**
     * On YARN the context's start waits for the ApplicationMaster's container (client mode), which
     * may wait in a queue: not a dead master.
     */
    private static final String DEFAULT_YARN_START_TIMEOUT = "5min";
    /** How long a cluster may take to give the application its first executor. */
    public static final String EXECUTOR_WAIT = ScratchnetSettings.EXECUTOR_WAIT.key();
    /** A YARN container may wait in a queue, a Kubernetes pod for its node and its image. */
    private static final String DEFAULT_CONTAINER_EXECUTOR_WAIT = "5min";
    /** Spark's own redaction pattern, when none is set ({@code spark.redaction.regex}'s default). */
    private static final String SPARK_REDACTION = "(?i)secret|password|token|access[.]?key";
    /**
     * A URL's user-info ({@code http://user:password@host}): Spark's event log and UI keep the
     * driver's command line, which a redaction pattern matching it hides.
     */
    private static final String URL_USER_INFO = "://[^/@\\s]*:[^/@\\s]*@";
    /** The longest a stopping context waits for the tasks still running (of a job that failed) to end. */
    private static final long SETTLE_MILLIS = 5_000;

    private SparkJobs() {
    }

    /**
     * Starts a Spark context. Under {@code spark-submit} the master and settings come from it;
     * run directly (tests, an IDE) the master defaults to {@code local[*]}.
     *
     * @param appName the application name shown in the Spark UI and event log
     */
    public static JavaSparkContext start(String appName) {
        SparkConf conf = new SparkConf().setAppName("scratchnet " + appName)
                .setIfMissing("spark.master", DEFAULT_MASTER)
                .setIfMissing("spark.kryo.registrator", KryoRegistrator.class.getName())
                // Our broadcasts (weights, every training round) are a few hundred kB; Spark's default 4 MB
                // block is allocated whole for each and, being over half a G1 region, as a humongous object.
                .setIfMissing("spark.broadcast.blockSize", "256k")
                // A table job that fails on bad input cancels its other tasks; interrupted, they would print the
                // echoes of their interruption (a class loader's, a shell's); left to end, they stop at their next row.
                .setIfMissing("spark.sql.execution.interruptOnCancel", "false");
        // whatever the pattern, a password given in a URL (--push-metrics) is redacted from what Spark records
        conf.set("spark.redaction.regex", conf.get("spark.redaction.regex", SPARK_REDACTION) + "|" + URL_USER_INFO);
        if (isLocal(conf.get("spark.master"))) {
            localStart(conf);
        }
        String master = conf.get("spark.master");
        JavaSparkContext sc = startWithin(conf, conf.getTimeAsSeconds(START_TIMEOUT, defaultStartTimeout(master)));
        try {
            awaitFirstExecutor(sc, conf.getTimeAsSeconds(EXECUTOR_WAIT, defaultExecutorWait(master)));
        } catch (RuntimeException e) {
            sc.close();
            throw e;
        }
        return sc;
    }

    /** @return how long a context on {@code master} may take to start unless {@code spark.scratchnet.startTimeout} says */
    static String defaultStartTimeout(String master) {
        return master.equals("yarn") ? DEFAULT_YARN_START_TIMEOUT : ScratchnetSettings.START_TIMEOUT.defaultValue();
    }

    /** @return how long {@code master} may take to give a first executor unless {@code spark.scratchnet.executorWait} says */
    static String defaultExecutorWait(String master) {
        return master.equals("yarn") || master.startsWith("k8s://") ? DEFAULT_CONTAINER_EXECUTOR_WAIT : ScratchnetSettings.EXECUTOR_WAIT.defaultValue();
    }

    /**
     * A cluster that accepts the application but gives it no executor (no worker has the memory or
     * the cores asked for, or all are busy) would leave its first job waiting for ever; a run waits
     * a bounded time instead. With dynamic allocation executors come with the first tasks, so
     * there is nothing to wait for here.
     */
    private static void awaitFirstExecutor(JavaSparkContext sc, long seconds) {
        SparkConf conf = sc.getConf();
        if (sc.isLocal() || conf.getBoolean("spark.dynamicAllocation.enabled", false)) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        // the driver is listed among the executors
        while (sc.sc().statusTracker().getExecutorInfos().length < 2) {
            if (sc.sc().isStopped()) {
                throw new BadInputException("the cluster at " + sc.master() + " removed this application before any executor"
                        + " started (executors that fail at start: " + askedFor(conf) + ")");
            }
            if (System.nanoTime() > deadline) {
                String asked = askedFor(conf);
                String message = "no executor started on " + sc.master() + " within " + seconds + " s for " + asked
                        + " (no worker has that free, or the cluster is busy); ask for less, or --conf " + EXECUTOR_WAIT + "=5m waits longer";
                // a size the user asked for is the likely cause: a bad setting; else the cluster is short of room
                if (conf.contains("spark.executor.memory") || conf.contains("spark.executor.cores")) {
                    throw new BadInputException(message);
                }
                throw new IllegalStateException(message);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for executors", e);
            }
        }
    }

    private static String askedFor(SparkConf conf) {
        return "spark.executor.memory=" + conf.get("spark.executor.memory", "1g") + ", spark.executor.cores="
                + conf.get("spark.executor.cores", "all of a worker's");
    }

    /**
     * What a local master's start can leave out (each measured in jobs/bench/README.md, "Cold start"):
     * <ul>
     * <li>the web UI: a local run lasts seconds, and its event log keeps what the UI would show
     * ({@code --conf spark.ui.enabled=true} brings it back);</li>
     * <li>the copy of the application's jars (and {@code --jars}) that the executor would fetch
     * from the driver's file server into a directory of its own: a local executor runs in the
     * driver's JVM, whose class loader spark-submit gave those jars already.</li>
     * </ul>
     */
    private static void localStart(SparkConf conf) {
        conf.setIfMissing("spark.ui.enabled", "false");
        conf.remove("spark.jars");
    }

    /**
     * Spark's standalone client tries an unreachable master three times, 20 s apart (fixed in
     * StandaloneAppClient), then stops the context under the caller; a watchdog bounds the wait.
     * A context that cannot start at all is a bad setting (a master URL, {@code local[0]}, a memory).
     */
    private static JavaSparkContext startWithin(SparkConf conf, long seconds) {
        String master = conf.get("spark.master");
        FutureTask<JavaSparkContext> start = new FutureTask<>(() -> new SettlingContext(conf));
        Thread starter = new Thread(start, "scratchnet-spark-start");
        starter.setDaemon(true);
        starter.start();
        try {
            return start.get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no Spark master answered at " + master + " within " + seconds + " s (the cluster is"
                    + " unreachable or has no room for this application; --conf " + START_TIMEOUT + "=120s waits longer)", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String why = cause.getMessage() == null ? cause.getClass().getName() : cause.getMessage().lines().findFirst().orElse("");
            throw new BadInputException("Spark cannot start with master " + master + ": " + why, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while Spark started", e);
        }
    }

    /**
     * A context whose stop first lets the tasks still running end. When a task fails on bad input,
     * Spark ends its job at once while the job's other tasks are still running; a context stopped
     * under them shuts its thread pools while those tasks report back, and Spark prints the
     * {@code RejectedExecutionException}s that follow. So the stop cancels what runs and waits
     * (up to {@value #SETTLE_MILLIS} ms) until no task is running, then stops.
     */
    private static final class SettlingContext extends JavaSparkContext {
        SettlingContext(SparkConf conf) {
            super(conf);
            RunningTasks running = new RunningTasks();
            sc().addSparkListener(running);
            synchronized (RUNNING) {
                RUNNING.put(sc(), running);
            }
        }

        @Override
        public void stop() {
            settle(sc());
            super.stop();
            synchronized (RUNNING) {
                RUNNING.remove(sc());
            }
        }
    }

    /** The running jobs and tasks of each context started here. */
    private static final java.util.Map<org.apache.spark.SparkContext, RunningTasks> RUNNING = new java.util.WeakHashMap<>();

    /**
     * Cancels every job and waits (up to {@value #SETTLE_MILLIS} ms) until no job or task is running:
     * what a failed job's other tasks write or report then happens before anything is stopped or
     * removed. A context not started here is only cancelled.
     */
    public static void settle(org.apache.spark.SparkContext sc) {
        if (sc.isStopped()) {
            return;
        }
        sc.cancelAllJobs();
        RunningTasks running;
        synchronized (RUNNING) {
            running = RUNNING.get(sc);
        }
        if (running != null) {
            try {
                running.awaitNone(SETTLE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Runs a job that writes an output directory; when it fails, its tasks still running are let
     * end ({@link #settle}) before the failure goes on, so that the unfinished directory is removed
     * after them, not under them.
     */
    public static void settleOnFailure(org.apache.spark.SparkContext sc, Runnable job) {
        try {
            job.run();
        } catch (Throwable e) {
            // Scala's checked exceptions (a failed job's SparkException) pass Java's compiler unseen: all are caught
            settle(sc);
            throw e;
        }
    }


    /** @return the Spark SQL session over a started context (the jobs that read and write tables) */
    public static SparkSession session(JavaSparkContext sc) {
        return SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
    }

    /** @return the master the next context will run on, as spark-submit or {@code -Dspark.master} set it, before it starts */
    public static String configuredMaster() {
        return new SparkConf().get("spark.master", DEFAULT_MASTER);
    }

    /** @return whether a master runs the executors in the driver's JVM ({@code local}, {@code local[N]}, {@code local[*]}) */
    public static boolean isLocal(String master) {
        return master.equals("local") || master.startsWith("local[");
    }
}
