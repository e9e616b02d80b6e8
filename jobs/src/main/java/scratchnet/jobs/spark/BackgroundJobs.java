package scratchnet.jobs.spark;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.spark.api.java.JavaSparkContext;

/**
 * Spark jobs submitted from driver threads of their own, so that the caller goes on meanwhile
 * (Spark runs jobs from several threads side by side) and can cancel one it no longer needs. Each
 * job runs in a job group of its own, which is what Spark cancels by.
 */
public final class BackgroundJobs implements AutoCloseable {
    private static final AtomicLong GROUPS = new AtomicLong();

    /** A job in flight. */
    public final class Handle<R> {
        private final Future<R> future;
        private final String group;

        private Handle(Future<R> future, String group) {
            this.future = future;
            this.group = group;
        }

        /** Waits for the work; a failed job's exception is thrown as it is. */
        public R get() throws Exception {
            try {
                return future.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }

        /** @return whether the work has ended, one way or another */
        public boolean isDone() {
            return future.isDone();
        }

        /** Cancels the job and waits until it has stopped (tasks stop where they check for it). */
        public void cancel() throws InterruptedException {
            sc.cancelJobGroup(group);
            try {
                future.get();
            } catch (ExecutionException | CancellationException e) {
                // the cancelled job's failure is the expected end
            }
        }
    }

    private final JavaSparkContext sc;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "scratchnet-job");
        t.setDaemon(true);
        return t;
    });

    public BackgroundJobs(JavaSparkContext sc) {
        this.sc = sc;
    }

    /**
     * Starts some work that runs Spark jobs, in a thread of its own.
     *
     * @param description what the Spark UI shows for its jobs
     */
    public <R> Handle<R> start(String description, Callable<R> work) {
        String group = "scratchnet-" + GROUPS.incrementAndGet();
        Future<R> f = threads.submit(() -> {
            sc.setJobGroup(group, description, false);
            try {
                return work.call();
            } finally {
                sc.clearJobGroup();
            }
        });
        return new Handle<>(f, group);
    }

    /** Ends the threads; call with no job in flight. */
    @Override
    public void close() {
        threads.shutdownNow();
    }
}
