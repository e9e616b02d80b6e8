package scratchnet.jobs.training.sync;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import scratchnet.core.math.CompensatedSum;
import scratchnet.core.net.LayerSizes;

/**
 * A step's sum over the round's tasks, the same bits on every task: each element's parts added in
 * partition order ({@link CompensatedSum#sumOf(float[][], int, double[], double[])}) and rounded
 * once to float, as one job per step adds them, and the losses likewise.
 *
 * <p>With two tasks each sends its whole part to the other, in one trip. With more, a
 * reduce-scatter then an all-gather: task {@code t} owns the {@code t}-th of {@code tasks} slices
 * of the vector; every task sends each other task its part of that task's slice (and its loss),
 * each owner adds its slice's parts, then sends the slice's sums to every other task. A task then
 * sends and receives about twice the model whatever the number of tasks, where sending its whole
 * part to every other task would grow with them.
 */
final class StepSum implements StepSums {
    private final PeerExchange peers;
    private final LayerSizes sizes;
    private final float[] mine;
    private final float[] sum;
    private final int self;
    private final int tasks;
    private final int length;
    /** Where each task's slice starts and ends: the whole vector for every task when there are two or fewer. */
    private final int[] start;
    private final int[] end;
    private final ByteBuffer[] out;
    private final int[] incomingBytes;
    private final float[][] parts;
    private final double[] losses;
    private final double[] hi;
    private final double[] lo;

    /**
     * @param peers the connections to the other tasks, which this closes when it is closed
     * @param self  this task's partition
     * @param tasks the round's tasks
     * @param sizes the network, whose parameters are summed
     */
    StepSum(PeerExchange peers, int self, int tasks, LayerSizes sizes) {
        int length = sizes.parameterCount();
        this.peers = peers;
        this.sizes = sizes;
        this.mine = new float[length];
        this.sum = new float[length];
        this.self = self;
        this.tasks = tasks;
        this.length = length;
        this.start = new int[tasks];
        this.end = new int[tasks];
        for (int t = 0; t < tasks; t++) {
            start[t] = tasks <= 2 ? 0 : (int) ((long) length * t / tasks);
            end[t] = tasks <= 2 ? length : (int) ((long) length * (t + 1) / tasks);
        }
        int slice = end[self] - start[self];
        this.out = new ByteBuffer[tasks];
        for (int p = 0; p < tasks; p++) {
            out[p] = ByteBuffer.allocateDirect(messageBytes(tasks, length)).order(ByteOrder.nativeOrder());
        }
        this.incomingBytes = new int[tasks];
        this.parts = new float[tasks][slice];
        this.losses = new double[tasks];
        this.hi = new double[slice];
        this.lo = new double[slice];
    }

    /** @return the largest message a task receives, for its {@link PeerExchange} */
    static int messageBytes(int tasks, int length) {
        return RoundProtocol.shareBytes(tasks <= 2 ? length : length / tasks + 1);
    }

    @Override
    public double sum(float[][] grads, double loss) throws IOException {
        // only the parameters travel, without the kernel's padding
        RoundProtocol.flatten(grads, sizes, mine);
        double losses = sum(mine, loss, sum);
        RoundProtocol.readSum(sum, sizes, grads);
        return losses;
    }

    /**
     * Adds every task's part of a step.
     *
     * @param mine this task's part, {@code length} values
     * @param loss this task's loss
     * @param sum  receives the sum of the parts, each element rounded to float
     * @return the sum of the tasks' losses
     */
    double sum(float[] mine, double loss, float[] sum) throws IOException {
        int from = start[self];
        int to = end[self];
        // reduce-scatter (with two tasks: the whole exchange)
        for (int p = 0; p < tasks; p++) {
            if (p != self) {
                RoundProtocol.putShare(out[p], mine, start[p], end[p], loss);
                incomingBytes[p] = RoundProtocol.shareBytes(to - from);
            }
        }
        ByteBuffer[] got = peers.exchange(out, incomingBytes);
        for (int p = 0; p < tasks; p++) {
            if (p == self) {
                System.arraycopy(mine, from, parts[p], 0, to - from);
                losses[p] = loss;
            } else {
                losses[p] = RoundProtocol.readShare(got[p], parts[p], to - from);
            }
        }
        CompensatedSum.sumOf(parts, to - from, hi, lo);
        for (int i = from; i < to; i++) {
            sum[i] = (float) hi[i - from];
        }
        if (tasks > 2) {
            // all-gather: this task's slice of sums to every other, theirs back
            for (int p = 0; p < tasks; p++) {
                if (p != self) {
                    RoundProtocol.putSums(out[p], sum, from, to);
                    incomingBytes[p] = Float.BYTES * (end[p] - start[p]);
                }
            }
            got = peers.exchange(out, incomingBytes);
            for (int p = 0; p < tasks; p++) {
                if (p != self) {
                    RoundProtocol.readSums(got[p], sum, start[p], end[p]);
                }
            }
        }
        return CompensatedSum.sumOf(losses);
    }

    @Override
    public void leave(boolean finished) {
        peers.close();
    }
}
