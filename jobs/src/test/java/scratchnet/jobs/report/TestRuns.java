package scratchnet.jobs.report;

import java.util.Arrays;

/** Runs as a report keeps them, made by hand for tests of the history and the page. */
public final class TestRuns {

    private TestRuns() {
    }

    /** A run with only what the history and the page show filled in: 10,000 examples, no gate. */
    public static EvaluationRun run(String id, String start, long correct, String master) {
        return new EvaluationRun(EvaluationRun.SCHEMA, id, start, start, 0.0, master, "app-1", "4.1.0",
                new EvaluationRun.FileDigest("hdfs://nn:8020/models/sample_weight.pkl", "b7f55a27988ba34c3777b0f1bbd464817c8a4db855723e6ff26f703501917a13"),
                null, 100, 2, 10_000, correct, correct / 10_000.0, null, true, Arrays.asList(new Double[10]), new long[10][10], 0.2, 0.05,
                new int[0], 0, null, ReportDir.images(id));
    }
}
