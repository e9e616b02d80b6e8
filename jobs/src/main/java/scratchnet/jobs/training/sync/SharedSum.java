package scratchnet.jobs.training.sync;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.BitSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import scratchnet.core.math.CompensatedSum;

/**
 * A step's sum for the tasks of a round that all run in one JVM (local mode; an executor with a
 * core per task): they add their parts in shared memory, in place, with no socket and no copy.
 * Each task publishes its gradient and loss; once all have (a {@link Phaser}'s meeting), task
 * {@code t} adds the {@code t}-th of {@code tasks} slices of the arrays in partition order, as
 * {@link StepSum} does, and writes the rounded sums over every task's part of that slice; a second
 * meeting ends the step. Only a slice's owner reads or writes it between the meetings. The
 * kernel's padding travels too (zeros, whose sums are zeros), which saves copying the parameters
 * out of the padded layout and back.
 *
 * <p>The tasks find each other in a JVM-wide table by the round's name and stage attempt, which
 * reach them only in their closure. Each joins before it meets the hub, so that once the hub has
 * answered (every task has come) each knows whether all the round's tasks joined in this JVM
 * ({@link #complete}); if not, all of them add over sockets. Nothing here is reachable from outside
 * the JVM.
 */
final class SharedSum implements StepSums {
    private static final ConcurrentHashMap<String, Round> ROUNDS = new ConcurrentHashMap<>();

    /** What the tasks of one round attempt share. */
    private static final class Round {
        final String name;
        final int tasks;
        final float[][][] parts;
        final double[] losses;
        final Phaser phaser;
        final BitSet joined = new BitSet();

        Round(String name, int tasks) {
            this.name = name;
            this.tasks = tasks;
            this.parts = new float[tasks][][];
            this.losses = new double[tasks];
            this.phaser = new Phaser(tasks);
        }
    }

    private final Round round;
    private final int self;
    private double[] hi;
    private double[] lo;
    private final long timeoutMillis;
    /** This task's slice, as pieces of the arrays: array {@code pieces[3k]}, elements {@code pieces[3k+1] … pieces[3k+2]-1}. */
    private int[] pieces;
    private final float[][] column;
    private boolean left;

    private SharedSum(Round round, int self, long timeoutMillis) {
        this.round = round;
        this.self = self;
        this.timeoutMillis = timeoutMillis;
        this.column = new float[round.tasks][];
    }

    /**
     * Joins a round attempt's table in this JVM.
     *
     * @param name   the round's name and stage attempt
     * @param tasks  the round's tasks
     * @param self   this task's partition
     */
    static SharedSum join(String name, int tasks, int self, long timeoutMillis) {
        Round r = ROUNDS.computeIfAbsent(name, n -> new Round(n, tasks));
        synchronized (r) {
            r.joined.set(self);
        }
        return new SharedSum(r, self, timeoutMillis);
    }

    /** @return whether every task of the round joined in this JVM: ask once the hub has answered */
    boolean complete() {
        synchronized (round) {
            return round.joined.cardinality() == round.tasks;
        }
    }

    @Override
    public double sum(float[][] grads, double loss) throws IOException {
        Round r = round;
        if (r.tasks == 1) {
            // one part is its own sum
            return loss;
        }
        r.parts[self] = grads;
        r.losses[self] = loss;
        meet();
        if (pieces == null) {
            pieces = slice(grads);
        }
        for (int k = 0; k < pieces.length; k += 3) {
            int array = pieces[k];
            int from = pieces[k + 1];
            int to = pieces[k + 2];
            for (int p = 0; p < column.length; p++) {
                column[p] = r.parts[p][array];
            }
            CompensatedSum.sumInPlace(column, from, to, hi, lo);
        }
        double losses = CompensatedSum.sumOf(r.losses);
        meet();
        return losses;
    }

    /** @return this task's slice of the arrays laid end to end, as pieces of the arrays */
    private int[] slice(float[][] arrays) {
        long total = 0;
        for (float[] a : arrays) {
            total += a.length;
        }
        long start = total * self / round.tasks;
        long end = total * (self + 1) / round.tasks;
        hi = new double[(int) (end - start)];
        lo = new double[(int) (end - start)];
        int[] out = new int[0];
        long at = 0;
        for (int a = 0; a < arrays.length; a++) {
            long from = Math.max(start, at);
            long to = Math.min(end, at + arrays[a].length);
            if (from < to) {
                out = Arrays.copyOf(out, out.length + 3);
                out[out.length - 3] = a;
                out[out.length - 2] = (int) (from - at);
                out[out.length - 1] = (int) (to - at);
            }
            at += arrays[a].length;
        }
        return out;
    }

    /** Waits until every task has come to the same point of the step. */
    private void meet() throws IOException {
        Phaser phaser = round.phaser;
        try {
            if (phaser.awaitAdvanceInterruptibly(phaser.arrive(), timeoutMillis, TimeUnit.MILLISECONDS) < 0) {
                throw new IOException("another task of the round ended before this step");
            }
        } catch (InterruptedException e) {
            // Spark kills a task by interrupting it
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("the round's task was interrupted while it waited for the others");
        } catch (TimeoutException e) {
            throw new IOException("no word from the round's other tasks for " + timeoutMillis + " ms");
        }
    }

    @Override
    public void leave(boolean finished) {
        if (left) {
            return;
        }
        left = true;
        if (!finished) {
            // the others would wait for this task's part until their timeout
            round.phaser.forceTermination();
        }
        ROUNDS.remove(round.name, round);
    }
}
