package scratchnet.jobs.spark;

import java.util.concurrent.TimeUnit;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;

/**
 * The jobs and tasks of a context that have started and not ended, as its scheduler reports them.
 * A task's end is reported only once the scheduler has taken in its final status (and a job's
 * once all it launched is accounted for), so when none is left running, nothing of theirs still
 * writes or reports back: the moment a context can stop, or a failed job's output be removed.
 */
final class RunningTasks extends SparkListener {
    private int jobs;
    private int tasks;

    @Override
    public synchronized void onJobStart(SparkListenerJobStart jobStart) {
        jobs++;
    }

    @Override
    public synchronized void onJobEnd(SparkListenerJobEnd jobEnd) {
        jobs--;
        notifyAll();
    }

    @Override
    public synchronized void onTaskStart(SparkListenerTaskStart taskStart) {
        tasks++;
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd taskEnd) {
        tasks--;
        notifyAll();
    }

    /**
     * Waits until no job and no task is running, or the time is up.
     *
     * @return whether none is running
     */
    synchronized boolean awaitNone(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        long wait;
        while ((jobs > 0 || tasks > 0) && (wait = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) > 0) {
            wait(wait);
        }
        return jobs <= 0 && tasks <= 0;
    }
}
