package scratchnet.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

import scratchnet.core.BadInputException;
import scratchnet.jobs.spark.LocalSpark;

/**
 * Spark's failures, provoked for real in {@code local[2]}, mapped to the exit contract in one
 * place: the code, and one line naming what and where. (Spark SQL's and MLlib's, through the whole
 * command line with the product's logging: {@code HostileIT}.)
 */
class FailuresTest {
    private static Failures.Failure failure(ThrowingRunnable r) {
        Throwable t = assertThrows(Throwable.class, r::run);
        return Failures.of(t);
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void aTasksFailureIsItsRootCause() {
        JavaSparkContext sc = LocalSpark.context();
        Failures.Failure bad = failure(() -> sc.parallelize(List.of(1, 2, 3), 3).foreach(i -> {
            if (i == 2) {
                throw new BadInputException("data.idx: label 12 of record 2 is not a digit 0-9");
            }
        }));
        assertEquals(new Failures.Failure(Cli.BAD_INPUT, "data.idx: label 12 of record 2 is not a digit 0-9", false), bad);
        Failures.Failure bug = failure(() -> sc.parallelize(List.of(1), 1).foreach(i -> {
            throw new IllegalStateException("an invariant broke");
        }));
        assertEquals(new Failures.Failure(Cli.FAILED, "an invariant broke", false), bug);
    }

    @Test
    void wrappersAreLookedThroughAndOutOfMemorySaysWhatToDo() {
        SparkException awaited = new SparkException("Exception thrown in awaitResult: ", new java.io.IOException("the footer of part-0 is short"));
        assertEquals(new Failures.Failure(Cli.FAILED, "the footer of part-0 is short", false), Failures.of(awaited));
        assertEquals(new Failures.Failure(Cli.FAILED, "out of memory (Java heap space): give the driver or the executors more"
                + " (--driver-memory, --executor-memory)", false), Failures.of(new OutOfMemoryError("Java heap space")));
        assertEquals(Cli.FAILED, Failures.of(new NullPointerException()).code());
        assertEquals("java.lang.NullPointerException", Failures.of(new NullPointerException()).message());
    }
}
