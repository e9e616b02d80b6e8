package scratchnet.jobs.training.sync;

import java.io.Closeable;
import java.io.IOException;

/**
 * How the tasks of a synchronous round add a step's parts: over sockets ({@link StepSum} on a
 * {@link PeerExchange}), or in the memory of the one JVM they all run in ({@link SharedSum}). Both
 * add every element's parts in partition order, so both give every task the same bits.
 */
interface StepSums extends Closeable {
    /**
     * Adds every task's part of a step, in place.
     *
     * @param grads this task's part of the parameters' gradient, in the kernel's padded layout (the
     *              padding zero); replaced by the sum of every task's part, each element rounded
     *              once to float (the padding zero)
     * @param loss  this task's loss
     * @return the sum of the tasks' losses
     */
    double sum(float[][] grads, double loss) throws IOException;

    /**
     * Leaves the round.
     *
     * @param finished whether this task took all its steps: when not, the others stop waiting for it
     */
    void leave(boolean finished) throws IOException;

    @Override
    default void close() throws IOException {
        leave(false);
    }
}
