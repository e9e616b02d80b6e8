package scratchnet.jobs.spark;

import org.apache.spark.SimpleFutureAction;
import scala.concurrent.Await;
import scala.concurrent.ExecutionContext;
import scala.concurrent.duration.Duration;
import scala.runtime.AbstractFunction1;
import scala.runtime.BoxedUnit;
import scala.util.Try;

/**
 * A Spark job submitted without waiting for it ({@link PartitionFunction#submit}): the caller goes
 * on meanwhile (Spark runs the job on its own threads) and waits for it, or cancels it, later.
 */
public final class SubmittedJob {
    private final SimpleFutureAction<BoxedUnit> future;

    SubmittedJob(SimpleFutureAction<BoxedUnit> future) {
        this.future = future;
    }

    /** Waits until the job has ended; a failed job's exception is thrown as Spark gave it (not wrapped). */
    public void await() throws Exception {
        Await.ready(future, Duration.Inf());
        Try<BoxedUnit> outcome = future.value().get();
        if (outcome.isFailure()) {
            Throwable failure = outcome.failed().get();
            if (failure instanceof Exception e) {
                throw e;
            }
            throw (Error) failure;
        }
    }

    /** Runs {@code action} once the job has ended, one way or another, in the thread that ends it. */
    public void whenDone(Runnable action) {
        future.onComplete(new AbstractFunction1<Try<BoxedUnit>, BoxedUnit>() {
            @Override
            public BoxedUnit apply(Try<BoxedUnit> outcome) {
                action.run();
                return BoxedUnit.UNIT;
            }
        }, ExecutionContext.parasitic$.MODULE$);
    }

    /** @return whether the job has ended, one way or another */
    public boolean isDone() {
        return future.isCompleted();
    }

    /** Cancels the job and waits until Spark has ended it (its tasks stop where they check for it). */
    public void cancel() throws InterruptedException {
        future.cancel();
        try {
            Await.ready(future, Duration.Inf());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("an unbounded wait timed out", e);
        }
    }
}
