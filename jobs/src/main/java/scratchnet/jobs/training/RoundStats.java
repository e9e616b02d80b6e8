package scratchnet.jobs.training;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Where a round's time goes: the driver's wall time of each round's job against the time its
 * slowest task spent computing (Spark's {@code executorRunTime}, from the listener bus). The
 * difference is the per-round overhead of distributed training: scheduling the job, shipping the
 * task and the broadcast, the tasks that count the epoch's accuracy before the steps start,
 * returning and adding the results, the driver's update.
 */
final class RoundStats extends SparkListener {
    private final Map<Integer, Long> slowestTaskMs = new ConcurrentHashMap<>();
    private final Map<Integer, Long> tasksMs = new ConcurrentHashMap<>();
    private final Map<Integer, Long> slowestCpuNanos = new ConcurrentHashMap<>();
    private long rounds;
    private long roundNanos;
    private long steps;
    private long computeNanos;
    private long exchangeNanos;
    private long countNanos;

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        if (end.taskMetrics() == null) {
            return;
        }
        long ms = end.taskMetrics().executorRunTime();
        slowestTaskMs.merge(end.stageId(), ms, Math::max);
        slowestCpuNanos.merge(end.stageId(), end.taskMetrics().executorCpuTime(), Math::max);
        tasksMs.merge(end.stageId(), ms, Long::sum);
    }

    /**
     * Records a round: its wall time as the driver saw it, and where a synchronous round's first task spent its time.
     *
     * @param roundSteps the steps it took
     */
    void recordRound(RoundEngine.Result round, int roundSteps) {
        rounds++;
        roundNanos += round.nanos();
        steps += roundSteps;
        computeNanos += round.computeNanos();
        exchangeNanos += round.exchangeNanos();
        countNanos += round.countNanos();
    }

    /** @return a line for stderr: rounds, wall time per round and per step, and how much of it was task computation */
    String summary() {
        if (rounds == 0) {
            return "no rounds";
        }
        long slowest = slowestTaskMs.values().stream().mapToLong(Long::longValue).sum();
        long all = tasksMs.values().stream().mapToLong(Long::longValue).sum();
        double cpu = slowestCpuNanos.values().stream().mapToLong(Long::longValue).sum() / 1e6;
        double wallMs = roundNanos / 1e6;
        String exchange = exchangeNanos == 0 ? "" : String.format(Locale.ROOT,
                "; a synchronous task computing %.3f ms per step, exchanging sums with the others %.3f ms per step (%.0f%% of a step), "
                        + "counting the epochs' accuracy %.3f ms per step, the rest of a step %.3f ms",
                computeNanos / 1e6 / steps, exchangeNanos / 1e6 / steps, 100.0 * exchangeNanos / roundNanos, countNanos / 1e6 / steps,
                (roundNanos - computeNanos - exchangeNanos - countNanos) / 1e6 / steps);
        return String.format(Locale.ROOT,
                "%d rounds of %.1f steps: %.1f ms per round (%.3f ms per step); slowest task computing %.1f ms per round "
                        + "(%.1f ms of CPU); overhead (scheduling, broadcast, the epoch's accuracy, results, update) %.1f ms per round; "
                        + "all tasks %.0f ms in all (jobs of evaluations included)",
                rounds, (double) steps / rounds, wallMs / rounds, wallMs / steps, (double) slowest / rounds, cpu / rounds,
                Math.max(0, wallMs - slowest) / rounds, (double) all) + exchange;
    }
}
