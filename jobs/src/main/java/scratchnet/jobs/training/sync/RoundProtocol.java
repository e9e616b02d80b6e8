package scratchnet.jobs.training.sync;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import scratchnet.core.net.LayerSizes;
import scratchnet.jobs.training.Hits;

/**
 * Every byte the tasks of a synchronous round and the driver's {@link RoundHub} send each other,
 * each message's writing beside its reading:
 *
 * <ol>
 * <li>on every connection, first, the {@link Handshake}: both sides prove they hold the round's
 * key, and the connecting task names its stage attempt and partition;</li>
 * <li>task to hub, once per round: its {@link Arrival} (the stage attempt, the partition, where it
 * listens, the right predictions it counted);</li>
 * <li>hub to every task, once all have come: the {@link Answer} (whether the round takes its
 * steps, every task's address by partition);</li>
 * <li>task to hub, at every epoch's end inside the round: its {@link Epoch} (the step, the right
 * predictions it counted, the step's loss); unless that is the round's last step, the hub answers
 * every task with one {@link #decision} (go on, or end the round there);</li>
 * <li>task to task, at every step ({@link StepSum}): a share of its part of the step, the
 * parameters' gradient (without the kernel's padding) or a slice of it, then its loss
 * ({@link #putShare}, {@link #readShare}); with more than two tasks, then the sums of the slice the
 * task adds ({@link #putSums}, {@link #readSums}); floats and doubles in the machine's byte order.</li>
 * </ol>
 *
 * The arrival, the answer, the epochs and the decisions are {@code DataOutputStream}'s big-endian numbers and modified UTF-8
 * host names, each one length-prefixed message of {@link Handshake.Session#writeFrame}; when the
 * round encrypts, every message after the handshake is sealed ({@link SessionCipher}).
 */
final class RoundProtocol {

    private RoundProtocol() {
    }

    /**
     * A task's word to the hub.
     *
     * @param attempt   the stage attempt the task belongs to (a retried stage comes again with a higher one)
     * @param partition the task's partition
     * @param address   where the task listens for the others
     * @param counted   whether it counted the accuracy of the round's starting weights
     * @param test      its right predictions on its part of the test set ({@link Hits#NONE} when not counted)
     * @param train     on its part of the training set (none when not counted or not asked for)
     */
    record Arrival(int attempt, int partition, InetSocketAddress address, boolean counted, Hits test, Hits train) {
    }

    /**
     * The hub's answer to every task of an attempt.
     *
     * @param go        whether the round takes its steps (not when the starting weights reached the target)
     * @param addresses every task's listening address, by partition
     */
    record Answer(boolean go, List<InetSocketAddress> addresses) {
    }

    /** @return the arrival's bytes, one message of the task's authenticated connection to the hub */
    static byte[] arrival(Arrival a) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(a.attempt());
            out.writeInt(a.partition());
            out.writeUTF(a.address().getHostString());
            out.writeInt(a.address().getPort());
            out.writeBoolean(a.counted());
            out.writeLong(a.test().correct());
            out.writeLong(a.test().images());
            out.writeLong(a.train().correct());
            out.writeLong(a.train().images());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** @throws IOException when the bytes are not a whole arrival */
    static Arrival arrival(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        int attempt = in.readInt();
        int partition = in.readInt();
        InetSocketAddress address = new InetSocketAddress(in.readUTF(), in.readInt());
        boolean counted = in.readBoolean();
        Hits test = new Hits(in.readLong(), in.readLong());
        Hits train = new Hits(in.readLong(), in.readLong());
        return new Arrival(attempt, partition, address, counted, test, train);
    }

    /** @return the answer's bytes, one message of the hub to each task */
    static byte[] answer(Answer a) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeBoolean(a.go());
            for (InetSocketAddress address : a.addresses()) {
                out.writeUTF(address.getHostString());
                out.writeInt(address.getPort());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** @param tasks the round's tasks */
    static Answer answer(byte[] bytes, int tasks) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        boolean go = in.readBoolean();
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (int p = 0; p < tasks; p++) {
            addresses.add(new InetSocketAddress(in.readUTF(), in.readInt()));
        }
        return new Answer(go, addresses);
    }

    /**
     * A task's word to the hub at an epoch's end inside the round.
     *
     * @param step  the steps done
     * @param test  its right predictions on its part of the test set
     * @param train on its part of the training set ({@link Hits#NONE} when not asked for)
     * @param loss  the step's mean loss
     */
    record Epoch(long step, Hits test, Hits train, double loss) {
    }

    /** The bytes of an {@link Epoch}. */
    static final int EPOCH_BYTES = 6 * Long.BYTES;

    /** @return the epoch's bytes, one message of the task's connection to the hub */
    static byte[] epoch(Epoch e) {
        return ByteBuffer.allocate(EPOCH_BYTES).putLong(e.step()).putLong(e.test().correct()).putLong(e.test().images())
                .putLong(e.train().correct()).putLong(e.train().images()).putDouble(e.loss()).array();
    }

    /** @throws IOException when the bytes are not an epoch */
    static Epoch epoch(byte[] bytes) throws IOException {
        if (bytes.length != EPOCH_BYTES) {
            throw new IOException("an epoch's report of " + bytes.length + " bytes, not " + EPOCH_BYTES);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        return new Epoch(b.getLong(), new Hits(b.getLong(), b.getLong()), new Hits(b.getLong(), b.getLong()), b.getDouble());
    }

    /** @return the hub's decision at an epoch: one byte, 1 to go on, 0 to end the round there */
    static byte[] decision(boolean goOn) {
        return new byte[] {(byte) (goOn ? 1 : 0)};
    }

    /** @throws IOException when the bytes are not a decision */
    static boolean decision(byte[] bytes) throws IOException {
        if (bytes.length != 1 || (bytes[0] & ~1) != 0) {
            throw new IOException("not a decision of the hub");
        }
        return bytes[0] == 1;
    }

    /** @return the most bytes an arrival or an answer of a round of {@code tasks} tasks takes (a host name takes at most 253) */
    static int maxMessage(int tasks) {
        return 64 + tasks * (2 + 3 * 255 + Integer.BYTES);
    }

    /** @return the bytes of a task's share of a step: {@code floats} values of its gradient, then its loss */
    static int shareBytes(int floats) {
        return Float.BYTES * floats + Double.BYTES;
    }

    /**
     * Copies the gradient out of the kernel's padded layout: only the network's parameters travel.
     *
     * @param padded the gradient's arrays, in the kernel's padded layout
     * @param flat   receives the parameters' values, in key order ({@link LayerSizes#parameterCount} of them)
     */
    static void flatten(float[][] padded, LayerSizes sizes, float[] flat) {
        int at = 0;
        for (int i = 0; i < padded.length; i++) {
            int rows = rows(sizes, i);
            int columns = sizes.size(i / 2 + 1);
            int stride = padded[i].length / rows;
            for (int r = 0; r < rows; r++) {
                System.arraycopy(padded[i], r * stride, flat, at, columns);
                at += columns;
            }
        }
    }

    /** Writes a task's share of a step into {@code message}, from its start, and limits it there: {@code part[from, to)}, then the loss. */
    static void putShare(ByteBuffer message, float[] part, int from, int to, double loss) {
        message.clear().asFloatBuffer().put(part, from, to - from);
        message.putDouble(Float.BYTES * (to - from), loss).limit(shareBytes(to - from));
    }

    /**
     * Reads a task's share of a step.
     *
     * @param into receives its {@code floats} values
     * @return its loss
     */
    static double readShare(ByteBuffer message, float[] into, int floats) {
        message.asFloatBuffer().get(into, 0, floats);
        return message.getDouble(Float.BYTES * floats);
    }

    /** Writes the sums of a slice, {@code sum[from, to)}, into {@code message} from its start, and limits it there. */
    static void putSums(ByteBuffer message, float[] sum, int from, int to) {
        message.clear().asFloatBuffer().put(sum, from, to - from);
        message.limit(Float.BYTES * (to - from));
    }

    /** Reads another task's slice of sums into {@code sum[from, to)}. */
    static void readSums(ByteBuffer message, float[] sum, int from, int to) {
        message.asFloatBuffer().get(sum, from, to - from);
    }

    /**
     * Fills arrays in the kernel's padded layout from a step's sums (in {@link #flatten}'s order),
     * the padding zero.
     */
    static void readSum(float[] sum, LayerSizes sizes, float[][] padded) {
        int at = 0;
        for (int i = 0; i < padded.length; i++) {
            int rows = rows(sizes, i);
            int columns = sizes.size(i / 2 + 1);
            int stride = padded[i].length / rows;
            float[] a = padded[i];
            for (int r = 0; r < rows; r++) {
                int base = r * stride;
                for (int c = 0; c < columns; c++) {
                    a[base + c] = sum[at++];
                }
                Arrays.fill(a, base + columns, base + stride, 0f);
            }
        }
    }

    /** @return the rows of the kernel's array {@code i}: a weight matrix's inputs, or 1 for a bias */
    private static int rows(LayerSizes sizes, int i) {
        return i % 2 == 0 ? sizes.size(i / 2) : 1;
    }
}
