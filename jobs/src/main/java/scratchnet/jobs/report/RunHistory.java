package scratchnet.jobs.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The runs of a report, oldest first, each with its accuracy's change against the run before it.
 */
public final class RunHistory {
    /** Differences of accuracy smaller than this are rounding, not a drop (accuracies are counts / examples). */
    private static final double ROUNDING = 1e-9;

    /**
     * One run in the history.
     *
     * @param run    the run
     * @param change its accuracy minus the previous run's, or {@code null} for the first run
     */
    public record Entry(EvaluationRun run, Double change) {
    }

    private final List<Entry> entries;

    /** @param runs the runs, in any order; ordered here by start time, then id */
    public RunHistory(List<EvaluationRun> runs) {
        List<EvaluationRun> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparing(EvaluationRun::started).thenComparing(EvaluationRun::runId));
        List<Entry> out = new ArrayList<>(sorted.size());
        for (int i = 0; i < sorted.size(); i++) {
            Double change = i == 0 ? null : sorted.get(i).accuracy() - sorted.get(i - 1).accuracy();
            out.add(new Entry(sorted.get(i), change));
        }
        this.entries = List.copyOf(out);
    }

    /** @return the runs, oldest first */
    public List<Entry> entries() {
        return entries;
    }

    /** @return the newest run, or {@code null} when there is none */
    public Entry newest() {
        return entries.isEmpty() ? null : entries.get(entries.size() - 1);
    }

    /** @return the run before the newest, or {@code null} */
    public Entry previous() {
        return entries.size() < 2 ? null : entries.get(entries.size() - 2);
    }

    /** @return whether the newest run's accuracy fell by more than {@code maxDrop} against the one before */
    public boolean newestDroppedMoreThan(double maxDrop) {
        Entry newest = newest();
        return newest != null && newest.change() != null && -newest.change() > maxDrop + ROUNDING;
    }
}
